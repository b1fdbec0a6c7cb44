import type { Condition } from 'fhir/r4.js';
import { activeConditionsIn, recordedConditionsIn } from './condition-queries.js';
import { matchingCoding } from './concept-match.js';
import { isWithinDaysBefore, parseFhirDate } from './dates.js';
import { earlierPositiveHcg, hcgResults, isQualifyingNegative, type HcgResult } from './hcg-results.js';
import { latestResultsIn, type TestResult } from './observation-result.js';
import { conditionOnset, isProcedurePerformed, procedureDate } from './record-status.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import { remember, type RuleContext } from './rule-context.js';

/** When a pregnancy ended or a delivery took place: onset, else abatement, else when it was recorded. */
export function pregnancyEventDate(condition: Condition): Date | undefined {
  return (
    parseFhirDate(condition.onsetDateTime) ??
    parseFhirDate(condition.onsetPeriod?.start) ??
    parseFhirDate(condition.abatementDateTime) ??
    parseFhirDate(condition.recordedDate)
  );
}

/** Every recorded end of a pregnancy: loss, termination, ectopic or molar pregnancy, or delivery. */
function pregnancyEndDates(ctx: RuleContext): Date[] {
  return remember(ctx, 'pregnancy-end-dates', () => [
    ...[RuleValueSets.pregnancyEndCondition, RuleValueSets.deliveryCondition].flatMap((url) =>
      recordedConditionsIn(ctx, url).flatMap((c) => pregnancyEventDate(c) ?? []),
    ),
    ...ctx.record.procedures.flatMap((p) =>
      isProcedurePerformed(p) && matchingCoding(ctx.valueSets, RuleValueSets.deliveryProcedure, p.code)
        ? (procedureDate(p) ?? [])
        : [],
    ),
  ]);
}

function endedAfter(ctx: RuleContext, date: Date): boolean {
  return pregnancyEndDates(ctx).some((end) => end.getTime() > date.getTime());
}

/** The latest pregnancy-status results of "pregnant" not followed by a final negative hCG. */
function pregnantStatuses(ctx: RuleContext, hcg: readonly HcgResult[]): TestResult[] {
  return latestResultsIn(ctx, RuleValueSets.pregnancyStatusObservation).filter(
    (r) =>
      ctx.valueSets.matchesConcept(
        RuleValueSets.pregnancyStatusPregnant,
        r.observation.valueCodeableConcept,
      ) && !hcg.some((h) => isQualifyingNegative(h, false) && h.date.getTime() > r.date.getTime()),
  );
}

/** "Pregnant" statuses of the last 30 days: proof of a current pregnancy. */
export function currentPregnantStatuses(ctx: RuleContext): TestResult[] {
  return pregnantStatuses(ctx, hcgResults(ctx)).filter((r) =>
    isWithinDaysBefore(r.date, ctx.evidenceAnchor, T.positiveEvidenceWindowDays),
  );
}

/**
 * Positive hCG results and "pregnant" statuses older than 30 days and up to 300 days back that no qualifying
 * negative test and no recorded end of pregnancy followed: the patient could still be pregnant ([S3]).
 */
export function unresolvedEarlierPregnancy(ctx: RuleContext): TestResult[] {
  return remember(ctx, 'unresolved-earlier-pregnancy', () => {
    const hcg = hcgResults(ctx);
    const statuses = pregnantStatuses(ctx, hcg).filter(
      (r) =>
        !isWithinDaysBefore(r.date, ctx.evidenceAnchor, T.positiveEvidenceWindowDays) &&
        isWithinDaysBefore(r.date, ctx.evidenceAnchor, T.pregnancyPossibleDays),
    );
    return [...earlierPositiveHcg(ctx, hcg), ...statuses].filter((r) => !endedAfter(ctx, r.date));
  });
}

export interface PregnancyConditions {
  /** Active pregnancy Conditions nothing contradicts: a current pregnancy. */
  readonly current: readonly Condition[];
  /** Active pregnancy Conditions the record contradicts: a negative serum hCG or an end of pregnancy after them, or recorded more than 300 days ago. */
  readonly stale: readonly Condition[];
}

/** Splits the active pregnancy Conditions into current ones and stale records (review 3.1; judgment). */
export function pregnancyConditions(ctx: RuleContext): PregnancyConditions {
  const hcg = hcgResults(ctx);
  const recentSerumNegatives = hcg.filter(
    (h) =>
      isQualifyingNegative(h, true) &&
      isWithinDaysBefore(h.date, ctx.evidenceAnchor, T.staleConditionNegativeWindowDays),
  );
  const current: Condition[] = [];
  const stale: Condition[] = [];
  for (const condition of activeConditionsIn(ctx, RuleValueSets.pregnancyCondition)) {
    const since = conditionOnset(condition);
    const contradicted =
      since !== undefined &&
      (recentSerumNegatives.some((h) => h.date.getTime() > since.getTime()) ||
        endedAfter(ctx, since) ||
        !isWithinDaysBefore(since, ctx.evidenceAnchor, T.pregnancyPossibleDays));
    (contradicted ? stale : current).push(condition);
  }
  return { current, stale };
}
