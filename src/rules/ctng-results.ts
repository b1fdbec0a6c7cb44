import type { MedicationAdministration, MedicationRequest } from 'fhir/r4.js';
import { calendarDaysBetween, parseFhirDate } from './dates.js';
import { medicationConcept } from './draft-orders.js';
import { codedPolarity, latestResultsIn, type TestResult } from './observation-result.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import type { RuleContext } from './rule-context.js';

type Organism = 'chlamydia' | 'gonorrhoea';

const ORGANISM_SETS: ReadonlyArray<readonly [Organism, string]> = [
  ['chlamydia', RuleValueSets.chlamydiaNaat],
  ['gonorrhoea', RuleValueSets.gonorrhoeaNaat],
];

interface NaatResult extends TestResult {
  readonly polarity: 'positive' | 'negative' | 'unknown';
  /** The organisms the test looks for (both for a combined CT+NG test). */
  readonly organisms: readonly Organism[];
}

/** A positive CT/NG NAAT no negative retest for its organism(s) has superseded, with its treatment if any. */
export interface StandingPositive {
  readonly result: TestResult;
  /** The first treatment prescribed or given after the positive result. */
  readonly treatment: Treatment | undefined;
}

/** A prescription (dated when authored) or a dose given (dated when given) of a CT/NG treatment. */
export interface Treatment {
  readonly resource: MedicationRequest | MedicationAdministration;
  readonly date: Date;
}

const NOT_GIVEN = new Set(['cancelled', 'entered-in-error', 'draft']);
/** A dose counts only when given or being given: not `not-done`, `entered-in-error`, `stopped`, `on-hold`, `unknown`. */
const GIVEN = new Set(['completed', 'in-progress']);

function naatResults(ctx: RuleContext): NaatResult[] {
  return latestResultsIn(ctx, RuleValueSets.ctngNaat).map((r) => ({
    ...r,
    polarity: codedPolarity(r.observation, ctx.valueSets, [RuleValueSets.ctngOrganism]),
    organisms: ORGANISM_SETS.filter(([, url]) => ctx.valueSets.matchesConcept(url, { coding: [r.test] })).map(
      ([organism]) => organism,
    ),
  }));
}

/** A later final negative covering every organism the positive test looked for supersedes it ([S22]). */
function isSuperseded(positive: NaatResult, all: readonly NaatResult[]): boolean {
  return all.some(
    (other) =>
      other.polarity === 'negative' &&
      other.final &&
      other.date.getTime() > positive.date.getTime() &&
      positive.organisms.every((organism) => other.organisms.includes(organism)),
  );
}

function administeredOn(administration: MedicationAdministration): Date | undefined {
  return parseFhirDate(administration.effectiveDateTime ?? administration.effectivePeriod?.start);
}

/** The record's CT/NG treatments: prescriptions not cancelled, and doses given, each with its date. */
function ctngTreatments(ctx: RuleContext): Treatment[] {
  const dated: { resource: MedicationRequest | MedicationAdministration; date: Date | undefined }[] = [
    ...ctx.record.medicationRequests
      .filter((request) => !NOT_GIVEN.has(request.status))
      .map((request) => ({ resource: request, date: parseFhirDate(request.authoredOn) })),
    ...ctx.record.medicationAdministrations
      .filter((administration) => GIVEN.has(administration.status))
      .map((administration) => ({ resource: administration, date: administeredOn(administration) })),
  ];
  return dated.filter(
    (t): t is Treatment =>
      t.date !== undefined &&
      ctx.valueSets.matchesConcept(RuleValueSets.ctngTreatment, medicationConcept(t.resource)),
  );
}

/**
 * Documented treatment: a MedicationRequest of a CT/NG treatment (ctng-treatment) authored, or a
 * MedicationAdministration of one given (completed or in progress), on or after the day of the positive result.
 */
function treatmentAfter(treatments: readonly Treatment[], date: Date): Treatment | undefined {
  return treatments
    .filter((t) => calendarDaysBetween(date, t.date) >= 0)
    .sort((a, b) => a.date.getTime() - b.date.getTime())[0];
}

/** Positive CT/NG NAATs that still stand: no expiry, until a negative retest for the organism (latest first). */
export function standingPositiveNaats(ctx: RuleContext): StandingPositive[] {
  const all = naatResults(ctx);
  const treatments = ctngTreatments(ctx);
  return all
    .filter((r) => r.polarity === 'positive' && !isSuperseded(r, all))
    .map((result) => ({ result, treatment: treatmentAfter(treatments, result.date) }));
}

/** Critical while untreated or within 7 days of treatment; a warning up to 180 days after; then silent. */
export function severityOfPositive(
  ctx: RuleContext,
  positive: StandingPositive,
): 'critical' | 'warning' | undefined {
  if (!positive.treatment) return 'critical';
  const days = calendarDaysBetween(positive.treatment.date, ctx.procedureDate);
  if (days < T.ctngAbstinenceDays) return 'critical';
  return days <= T.ctngTreatedFollowUpDays ? 'warning' : undefined;
}
