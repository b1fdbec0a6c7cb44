import type { Observation } from 'fhir/r4.js';
import { subtractMonths } from './dates.js';
import { latestResultsIn, quantityUnitKey, type TestResult } from './observation-result.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import type { RuleContext } from './rule-context.js';

export type TshReading = 'low' | 'normal' | 'high' | 'unreadable';

export interface TshResult extends TestResult {
  readonly reading: TshReading;
}

// mIU/L and µIU/mL are the same quantity; other units are not read.
const TSH_UNITS = new Set(['miu/l', 'm[iu]/l', 'uiu/ml', 'u[iu]/ml', 'µiu/ml', 'μiu/ml', 'mu/l']);

function limits(observation: Observation): { low: number; high: number } {
  const range = observation.referenceRange?.[0];
  return {
    low: typeof range?.low?.value === 'number' ? range.low.value : T.tshLowMiuPerL,
    high: typeof range?.high?.value === 'number' ? range.high.value : T.tshHighMiuPerL,
  };
}

/** Against the result's own reference range, else 0.4-4.0 mIU/L (rule-constants.ts). */
function readTsh(observation: Observation): TshReading {
  const quantity = observation.valueQuantity;
  if (typeof quantity?.value !== 'number') return 'unreadable';
  const unit = quantityUnitKey(quantity);
  if (!TSH_UNITS.has(unit)) return 'unreadable';
  const { low, high } = limits(observation);
  if (quantity.value < low) return 'low';
  if (quantity.value > high) return 'high';
  return 'normal';
}

/** The most recent final TSH within 12 months before the procedure, read against its range. */
export function recentTsh(ctx: RuleContext): TshResult | undefined {
  const since = subtractMonths(ctx.procedureDate, T.tshWindowMonths);
  const latest = latestResultsIn(ctx, RuleValueSets.tshObservation).find(
    (r) => r.final && r.date.getTime() >= since.getTime(),
  );
  return latest ? { ...latest, reading: readTsh(latest.observation) } : undefined;
}
