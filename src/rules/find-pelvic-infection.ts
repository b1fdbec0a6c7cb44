import { describeAgo, isoDay } from './dates.js';
import { medicationConcept } from './draft-orders.js';
import { conditionEvidence, medicationEvidence, observationEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { severityOfPositive, standingPositiveNaats, type StandingPositive } from './ctng-results.js';
import { pelvicConditions } from './pelvic-conditions.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { cancelOrder, makeFinding, type Rule, type RuleContext } from './rule-context.js';
import type { Evidence, Severity } from './types.js';

interface RatedPositive {
  readonly positive: StandingPositive;
  readonly severity: 'critical' | 'warning';
}

function ratedPositives(ctx: RuleContext): RatedPositive[] {
  return standingPositiveNaats(ctx).flatMap((positive) => {
    const severity = severityOfPositive(ctx, positive);
    return severity ? [{ positive, severity }] : [];
  });
}

function summaryOf(ctx: RuleContext, first: RatedPositive | undefined): string {
  const outcome = `${ctx.procedureName} is contraindicated until treated and resolved`;
  if (!first) return `Active pelvic or cervical infection on record: ${outcome}`;
  const { result, treatment } = first.positive;
  if (!treatment)
    return `Untreated positive chlamydia/gonorrhoea test ${describeAgo(result.date, ctx.now)}: ${outcome}`;
  if (first.severity === 'critical')
    return `Chlamydia/gonorrhoea treated ${describeAgo(treatment.date, ctx.now)}: defer ${ctx.procedureName} until ${T.ctngAbstinenceDays} days after treatment`;
  return `Chlamydia/gonorrhoea treated on ${isoDay(treatment.date)}: confirm cure and partner treatment before ${ctx.procedureName}`;
}

/** The action for a treated positive; the untreated and active-condition cards take the page's advice. */
function actionOf(ctx: RuleContext, first: RatedPositive | undefined): string | undefined {
  if (!first?.positive.treatment) return undefined;
  if (first.severity === 'critical')
    return `Treated: defer the ${ctx.procedureName} until at least ${T.ctngAbstinenceDays} days after treatment, and confirm the partner was treated.`;
  return `Treated: confirm cure and partner treatment before the ${ctx.procedureName} (CDC: retest at 3 months); a negative retest for the same organism clears this card.`;
}

function treatmentEvidence(rated: RatedPositive): Evidence[] {
  const treatment = rated.positive.treatment;
  if (!treatment) return [];
  const { resource } = treatment;
  const concept = medicationConcept(resource);
  const medication = concept?.text ?? concept?.coding?.[0]?.display ?? 'medication';
  const given = resource.resourceType === 'MedicationAdministration';
  return [
    medicationEvidence(resource, `${given ? 'Treatment given' : 'Treatment'}: ${medication}`, treatment.date),
  ];
}

/**
 * `pelvic-infection`: critical with an active acute pelvic or cervical infection, chlamydia or gonorrhoea, or a
 * positive CT/NG NAAT that is untreated (no expiry) or treated less than 7 days before the procedure; a warning
 * when treated 7-180 days before and no negative retest followed (confirm cure, partner treatment, the 3-month
 * retest). A later negative NAAT for the same organism, under any code, supersedes a positive ([S22]). Treatment is a
 * MedicationRequest prescribed or a MedicationAdministration given (ctng-results.ts); the card names which.
 */
export const findPelvicInfection: Rule = (ctx) => {
  const conditions = pelvicConditions(ctx, 'active-infection');
  const tests = ratedPositives(ctx);
  if (conditions.length + tests.length === 0) return undefined;
  const severity: Severity =
    conditions.length > 0 || tests.some((t) => t.severity === 'critical') ? 'critical' : 'warning';
  const first = tests.find((t) => t.severity === severity) ?? tests[0];
  // An active infection on the problem list speaks for itself unless a test is as grave.
  const shown = conditions.length > 0 && first?.severity !== 'critical' ? undefined : first;
  const action = actionOf(ctx, shown);
  return makeFinding(ctx, {
    kind: 'pelvic-infection',
    severity,
    summary: summaryOf(ctx, shown),
    ...(action ? { action } : {}),
    explanation:
      'Injecting fluid through an infected cervix can spread the infection to the tubes and peritoneum. Treat ' +
      'the infection and confirm it has resolved before HSG or SIS. A positive chlamydia or gonorrhoea NAAT stands ' +
      'until a negative retest for the same organism or documented treatment. After treatment wait at least ' +
      `${T.ctngAbstinenceDays} days (the CDC's abstinence period), confirm the partner was treated, and retest at 3 ` +
      'months (CDC 2021); a NAAT test of cure earlier than 3-4 weeks after treatment can be falsely positive.',
    evidence: [
      ...tests.flatMap((t) => [observationEvidence(t.positive.result.observation), ...treatmentEvidence(t)]),
      ...conditions.map(conditionEvidence),
    ],
    references: ctx.oilContrast
      ? [GuidelineLinks.cdcPid, GuidelineLinks.cdcStiRetesting, GuidelineLinks.lipiodolLabel]
      : [GuidelineLinks.cdcPid, GuidelineLinks.cdcStiRetesting],
    suggestions: severity === 'critical' ? [cancelOrder(ctx)] : [],
    overrideReasons: ['infection-treated', 'record-outdated'],
  });
};
