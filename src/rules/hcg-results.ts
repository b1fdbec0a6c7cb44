import type { Observation, Quantity } from 'fhir/r4.js';
import type { ValueSetIndex } from '../knowledge/value-set-index.js';
import { isWithinDaysBefore } from './dates.js';
import { codedPolarity, latestResultsIn, quantityUnitKey, type TestResult } from './observation-result.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import { remember, type RuleContext } from './rule-context.js';

export type HcgReading = 'positive' | 'negative' | 'equivocal' | 'unknown';

export interface HcgResult extends TestResult {
  readonly reading: HcgReading;
  /** The value in mIU/mL when reported in international units per volume. */
  readonly miuPerMl: number | undefined;
  /** Measured on serum, plasma or blood (hcg-serum): only another serum result clears it. */
  readonly serum: boolean;
}

// UCUM and common spellings of international units per volume, as a factor to mIU/mL (= IU/L).
const TO_MIU_PER_ML: Readonly<Record<string, number>> = {
  'miu/ml': 1,
  'm[iu]/ml': 1,
  'iu/l': 1,
  '[iu]/l': 1,
  'iu/ml': 1000,
  '[iu]/ml': 1000,
  'miu/l': 0.001,
  'm[iu]/l': 0.001,
};

function toMiuPerMl(quantity: Quantity | undefined): number | undefined {
  if (typeof quantity?.value !== 'number') return undefined;
  const unit = quantityUnitKey(quantity);
  const factor = TO_MIU_PER_ML[unit];
  return factor === undefined ? undefined : quantity.value * factor;
}

/**
 * Below 5 negative, 5 up to 25 equivocal, 25 and above positive (rule-constants.ts). Exactly 5.0 is equivocal by
 * that rule; "<5" (the usual way a lab reports a negative) and "<=4.9" read negative.
 */
function readQuantity(value: number, comparator: Quantity['comparator']): HcgReading {
  const negativeBelow = T.hcgNegativeBelowMiuPerMl;
  if (comparator === '<') return value <= negativeBelow ? 'negative' : 'unknown';
  if (comparator === '<=') return value < negativeBelow ? 'negative' : 'unknown';
  if (comparator === '>' || comparator === '>=')
    return value >= T.hcgPositiveMinMiuPerMl ? 'positive' : 'unknown';
  if (value < negativeBelow) return 'negative';
  if (value >= T.hcgPositiveMinMiuPerMl) return 'positive';
  return 'equivocal';
}

/** A quantity in IU per volume is read against the thresholds (they win over a lab flag); otherwise the coded result. */
export function readHcg(
  observation: Observation,
  valueSets: ValueSetIndex,
): Pick<HcgResult, 'reading' | 'miuPerMl'> {
  const miuPerMl = toMiuPerMl(observation.valueQuantity);
  if (miuPerMl !== undefined)
    return { reading: readQuantity(miuPerMl, observation.valueQuantity?.comparator), miuPerMl };
  return { reading: codedPolarity(observation, valueSets), miuPerMl: undefined };
}

/** For card text: at most two decimals. */
export function formatMiuPerMl(value: number): string {
  return `${Math.round(value * 100) / 100} mIU/mL`;
}

/** The latest result of each hCG test in the record, read as positive, negative, equivocal or unknown. */
export function hcgResults(ctx: RuleContext): HcgResult[] {
  return remember(ctx, 'hcg-results', () =>
    latestResultsIn(ctx, RuleValueSets.hcgTest).map((result) => ({
      ...result,
      ...readHcg(result.observation, ctx.valueSets),
      serum: ctx.valueSets.matchesConcept(RuleValueSets.hcgSerum, { coding: [result.test] }),
    })),
  );
}

/**
 * A later final negative that qualifies supersedes a positive or equivocal result: for a serum result only a serum
 * negative qualifies (a urine test cannot rule out serum 5-25 mIU/mL, [S20]); any negative for a urine result. A
 * later positive supersedes an equivocal result (the positive has its own card).
 */
function isSuperseded(result: HcgResult, all: readonly HcgResult[]): boolean {
  return all.some(
    (other) =>
      other.date.getTime() > result.date.getTime() &&
      ((other.reading === 'negative' && other.final && (!result.serum || other.serum)) ||
        (result.reading === 'equivocal' && other.reading === 'positive')),
  );
}

/** True when the final negative clears pregnancy: a serum negative always, a urine one unless `serumOnly`. */
export function isQualifyingNegative(result: HcgResult, serumOnly: boolean): boolean {
  return result.reading === 'negative' && result.final && (result.serum || !serumOnly);
}

function isCurrent(ctx: RuleContext, result: HcgResult, all: readonly HcgResult[]): boolean {
  return (
    isWithinDaysBefore(result.date, ctx.evidenceAnchor, T.positiveEvidenceWindowDays) &&
    !isSuperseded(result, all)
  );
}

/** Positive hCG results that prove a current pregnancy: within 30 days and not superseded. */
export function currentPositiveHcg(ctx: RuleContext, all: readonly HcgResult[]): HcgResult[] {
  return all.filter((r) => r.reading === 'positive' && isCurrent(ctx, r, all));
}

/**
 * Positive hCG results older than 30 days that were never superseded, up to 300 days back (the pregnancy may be
 * ongoing); whether a recorded end of pregnancy follows is for the caller (pregnancy-evidence.ts).
 */
export function earlierPositiveHcg(ctx: RuleContext, all: readonly HcgResult[]): HcgResult[] {
  return all.filter(
    (r) =>
      r.reading === 'positive' &&
      !isWithinDaysBefore(r.date, ctx.evidenceAnchor, T.positiveEvidenceWindowDays) &&
      isWithinDaysBefore(r.date, ctx.evidenceAnchor, T.pregnancyPossibleDays) &&
      !isSuperseded(r, all),
  );
}

/** The most recent quantitative hCG, when it is equivocal and still stands. */
export function currentEquivocalHcg(ctx: RuleContext, all: readonly HcgResult[]): HcgResult | undefined {
  const latestQuantitative = all.find((r) => r.miuPerMl !== undefined);
  return latestQuantitative?.reading === 'equivocal' && isCurrent(ctx, latestQuantitative, all)
    ? latestQuantitative
    : undefined;
}
