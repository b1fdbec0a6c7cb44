import type { Observation, Quantity } from 'fhir/r4.js';
import { stringOf } from '../fhir/read-elements.js';
import type { ValueSetIndex } from '../knowledge/value-set-index.js';
import { isWithinDaysBefore } from './dates.js';
import { codedPolarity, latestResultPerTest, type TestResult } from './observation-result.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import { remember, type RuleContext } from './rule-context.js';

export type HcgReading = 'positive' | 'negative' | 'equivocal' | 'unknown';

export interface HcgResult extends TestResult {
  readonly reading: HcgReading;
  /** The value in mIU/mL when reported in international units per volume. */
  readonly miuPerMl: number | undefined;
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
  const unit = (stringOf(quantity.code) ?? stringOf(quantity.unit) ?? '').replace(/\s+/g, '').toLowerCase();
  const factor = TO_MIU_PER_ML[unit];
  return factor === undefined ? undefined : quantity.value * factor;
}

function readQuantity(value: number, comparator: Quantity['comparator']): HcgReading {
  if (comparator === '<' || comparator === '<=')
    return value <= T.hcgNegativeMaxMiuPerMl ? 'negative' : 'unknown';
  if (comparator === '>' || comparator === '>=')
    return value >= T.hcgPositiveMinMiuPerMl ? 'positive' : 'unknown';
  if (value <= T.hcgNegativeMaxMiuPerMl) return 'negative';
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
    latestResultPerTest(ctx.record.observations, ctx.valueSets, RuleValueSets.hcgTest, ctx.now).map(
      (result) => ({ ...result, ...readHcg(result.observation, ctx.valueSets) }),
    ),
  );
}

/** A later final negative (any hCG test) supersedes a positive or equivocal result; any later reading an equivocal one. */
function isSuperseded(result: HcgResult, all: readonly HcgResult[]): boolean {
  return all.some(
    (other) =>
      other.date.getTime() > result.date.getTime() &&
      ((other.reading === 'negative' && other.final) ||
        (result.reading === 'equivocal' && other.reading === 'positive')),
  );
}

function isCurrent(ctx: RuleContext, result: HcgResult, all: readonly HcgResult[]): boolean {
  return (
    isWithinDaysBefore(result.date, ctx.evidenceAnchor, T.positiveEvidenceWindowDays) &&
    !isSuperseded(result, all)
  );
}

/** Positive hCG results that still stand: within the recency window and not followed by a negative test. */
export function currentPositiveHcg(ctx: RuleContext, all: readonly HcgResult[]): HcgResult[] {
  return all.filter((r) => r.reading === 'positive' && isCurrent(ctx, r, all));
}

/** The most recent quantitative hCG, when it is equivocal and still stands. */
export function currentEquivocalHcg(ctx: RuleContext, all: readonly HcgResult[]): HcgResult | undefined {
  const latestQuantitative = all.find((r) => r.miuPerMl !== undefined);
  return latestQuantitative?.reading === 'equivocal' && isCurrent(ctx, latestQuantitative, all)
    ? latestQuantitative
    : undefined;
}
