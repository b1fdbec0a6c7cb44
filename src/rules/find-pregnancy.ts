import type { Observation } from 'fhir/r4.js';
import { activeConditionsIn } from './condition-queries.js';
import { describeAgo, isWithinDaysBefore } from './dates.js';
import { conditionEvidence, observationEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { currentPositiveHcg, formatMiuPerMl, hcgResults, type HcgResult } from './hcg-results.js';
import { latestResultPerTest, type TestResult } from './observation-result.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import { cancelOrder, makeFinding, type Rule, type RuleContext } from './rule-context.js';

/** Pregnancy status "pregnant" that still stands: recent, and no final negative hCG after it. */
function pregnantStatus(ctx: RuleContext, hcg: readonly HcgResult[]): TestResult[] {
  const latest = latestResultPerTest(
    ctx.record.observations,
    ctx.valueSets,
    RuleValueSets.pregnancyStatusObservation,
    ctx.now,
  );
  return latest.filter(
    (r) =>
      ctx.valueSets.matchesConcept(
        RuleValueSets.pregnancyStatusPregnant,
        r.observation.valueCodeableConcept,
      ) &&
      isWithinDaysBefore(r.date, ctx.evidenceAnchor, T.positiveEvidenceWindowDays) &&
      !hcg.some((h) => h.reading === 'negative' && h.final && h.date.getTime() > r.date.getTime()),
  );
}

function summaryOf(ctx: RuleContext, tests: HcgResult[], statuses: TestResult[]): string {
  const outcome = `${ctx.procedureName} is contraindicated in pregnancy; cancel or defer the order`;
  const test = tests[0];
  if (test) {
    const what = test.miuPerMl !== undefined ? `hCG ${formatMiuPerMl(test.miuPerMl)}` : 'Positive hCG';
    return `${what} ${describeAgo(test.date, ctx.now)}: ${outcome}`;
  }
  const status = statuses[0];
  if (status) return `Pregnancy status "pregnant" ${describeAgo(status.date, ctx.now)}: ${outcome}`;
  return `Pregnancy on the problem list: ${outcome}`;
}

/**
 * `pregnancy` (critical): an active pregnancy Condition, a pregnancy status of pregnant, or a positive hCG
 * (qualitative, or at least 25 mIU/mL) within the recency window and not followed by a negative test.
 */
export const findPregnancy: Rule = (ctx) => {
  const hcg = hcgResults(ctx);
  const tests = currentPositiveHcg(ctx, hcg);
  const statuses = pregnantStatus(ctx, hcg);
  const conditions = activeConditionsIn(ctx, RuleValueSets.pregnancyCondition);
  if (tests.length + statuses.length + conditions.length === 0) return undefined;
  const observations: Observation[] = [...tests, ...statuses].map((r) => r.observation);
  return makeFinding(ctx, {
    kind: 'pregnancy',
    severity: 'critical',
    summary: summaryOf(ctx, tests, statuses),
    explanation:
      'Pregnancy is an absolute contraindication to HSG, selective salpingography and SIS: transcervical ' +
      'instrumentation and contrast can disrupt a pregnancy, and HSG irradiates the pelvis. A positive test counts ' +
      `for ${T.positiveEvidenceWindowDays} days unless a later negative test follows.\n\n` +
      'If the record is wrong, confirm a negative pregnancy test before the procedure and correct the record.',
    evidence: [...observations.map(observationEvidence), ...conditions.map(conditionEvidence)],
    references: ctx.oilContrast
      ? [GuidelineLinks.acrHsg, GuidelineLinks.lipiodolLabel]
      : [GuidelineLinks.acrHsg],
    suggestions: [cancelOrder(ctx)],
    overrideReasons: ['pregnancy-excluded', 'record-outdated'],
  });
};
