import type { Coding, Observation, Quantity } from 'fhir/r4.js';
import { objectsIn, stringOf } from '../fhir/read-elements.js';
import type { ValueSetIndex } from '../knowledge/value-set-index.js';
import { conceptLabel, matchingCoding } from './concept-match.js';
import { isNotFuture, parseFhirDate } from './dates.js';
import { RuleValueSets } from './rule-knowledge.js';
import { remember, type RuleContext } from './rule-context.js';

const FINAL_STATUSES = new Set(['final', 'amended', 'corrected']);

/** Final results clear a check; preliminary ones may still raise an alert. */
export function isFinalResult(observation: Observation): boolean {
  return FINAL_STATUSES.has(observation.status);
}

/** Results an alert may rest on: final ones and preliminary ones. */
export function isAlertableResult(observation: Observation): boolean {
  return isFinalResult(observation) || observation.status === 'preliminary';
}

/** When the result applies: effective time, else when it was issued. */
export function observationDate(observation: Observation): Date | undefined {
  return (
    parseFhirDate(observation.effectiveDateTime) ??
    parseFhirDate(observation.effectivePeriod?.end) ??
    parseFhirDate(observation.effectivePeriod?.start) ??
    parseFhirDate(observation.effectiveInstant) ??
    parseFhirDate(observation.issued)
  );
}

export type Polarity = 'positive' | 'negative' | 'unknown';

/**
 * Positive or negative from the coded value, the plain-text value or the interpretation flag (in that order).
 * `alsoPositive` names value sets whose value codes also mean positive (e.g. an organism identified).
 */
export function codedPolarity(
  observation: Observation,
  valueSets: ValueSetIndex,
  alsoPositive: readonly string[] = [],
): Polarity {
  const value = observation.valueCodeableConcept;
  if (value) {
    if ([RuleValueSets.positiveResult, ...alsoPositive].some((url) => valueSets.matchesConcept(url, value)))
      return 'positive';
    if (valueSets.matchesConcept(RuleValueSets.negativeResult, value)) return 'negative';
  }
  if (typeof observation.valueString === 'string') {
    if (valueSets.matchesText(RuleValueSets.positiveResult, observation.valueString)) return 'positive';
    if (valueSets.matchesText(RuleValueSets.negativeResult, observation.valueString)) return 'negative';
  }
  const flags = objectsIn(observation.interpretation);
  if (flags.some((f) => matchingCoding(valueSets, RuleValueSets.positiveResult, f))) return 'positive';
  if (flags.some((f) => matchingCoding(valueSets, RuleValueSets.negativeResult, f))) return 'negative';
  return 'unknown';
}

function quantityText(q: Quantity): string {
  const unit = q.unit ?? q.code ?? '';
  return `${q.comparator ?? ''}${q.value ?? '?'}${unit ? ` ${unit}` : ''}`;
}

/** The result as shown in evidence: "12 mIU/mL", "Positive", "2026-11-14". */
export function valueText(observation: Observation): string {
  if (observation.valueQuantity) return quantityText(observation.valueQuantity);
  if (observation.valueCodeableConcept)
    return conceptLabel(observation.valueCodeableConcept, { withCode: false });
  if (typeof observation.valueString === 'string') return observation.valueString;
  if (typeof observation.valueDateTime === 'string') return observation.valueDateTime.slice(0, 10);
  const flag = objectsIn(observation.interpretation)[0];
  return flag ? conceptLabel(flag, { withCode: false }) : 'no value';
}

export interface TestResult {
  readonly observation: Observation;
  /** The coding of Observation.code that is in the value set (system and code matched). */
  readonly test: Coding;
  readonly date: Date;
  readonly final: boolean;
}

/**
 * The most recent result of each test (system|code) in the value set, among final, amended, corrected and
 * preliminary results with a date not in the future.
 */
export function latestResultPerTest(
  observations: readonly Observation[],
  valueSets: ValueSetIndex,
  url: string,
  now: Date,
): TestResult[] {
  const latest = new Map<string, TestResult>();
  for (const observation of observations) {
    if (!isAlertableResult(observation)) continue;
    const test = matchingCoding(valueSets, url, observation.code);
    // Most of a record is other tests: read the date only of the results that matter.
    if (!test) continue;
    const date = observationDate(observation);
    if (!date || !isNotFuture(date, now)) continue;
    const key = `${test.system}|${test.code}`;
    const previous = latest.get(key);
    if (!previous || previous.date.getTime() < date.getTime()) {
      latest.set(key, { observation, test, date, final: isFinalResult(observation) });
    }
  }
  return [...latest.values()].sort((a, b) => b.date.getTime() - a.date.getTime());
}

/** The latest result of each test in the value set, read once per hook call (several rules ask). */
export function latestResultsIn(ctx: RuleContext, url: string): readonly TestResult[] {
  return remember(ctx, `latest-results ${url}`, () =>
    latestResultPerTest(ctx.record.observations, ctx.valueSets, url, ctx.now),
  );
}

/** A quantity's unit as tests compare it: the UCUM code, else the unit text, without spaces, lower-cased. */
export function quantityUnitKey(quantity: Quantity): string {
  return (stringOf(quantity.code) ?? stringOf(quantity.unit) ?? '').replace(/\s+/g, '').toLowerCase();
}
