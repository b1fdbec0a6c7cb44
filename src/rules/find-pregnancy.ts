import type { Condition, Observation } from 'fhir/r4.js';
import { describeAgo, isoDay } from './dates.js';
import { exogenousHcgNote } from './exogenous-hcg.js';
import { conditionEvidence, observationEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { currentPositiveHcg, formatMiuPerMl, hcgResults, type HcgResult } from './hcg-results.js';
import type { TestResult } from './observation-result.js';
import { currentPregnantStatuses, pregnancyConditions } from './pregnancy-evidence.js';
import { conditionOnset } from './record-status.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { cancelOrder, makeFinding, type Rule, type RuleContext } from './rule-context.js';
import type { Finding } from './types.js';

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

/** Only stale pregnancy Conditions: a warning to update the record, not a contraindication (review 3.1, judgment). */
function staleRecordFinding(ctx: RuleContext, stale: readonly Condition[]): Finding {
  const since = conditionOnset(stale[0]!);
  return makeFinding(ctx, {
    kind: 'pregnancy',
    severity: 'warning',
    summary:
      `Pregnancy on the problem list${since ? ` since ${isoDay(since)}` : ''} but later results contradict it: ` +
      'confirm and update the record',
    action:
      `Not a contraindication by itself: confirm the patient is not pregnant (a negative test before the ` +
      `${ctx.procedureName}) and resolve the pregnancy Condition.`,
    explanation:
      'The problem list still says the patient is pregnant, but a later negative serum hCG, a recorded end of ' +
      `pregnancy, or the time since it was recorded (more than ${T.pregnancyPossibleDays} days) contradicts it. ` +
      'Pregnancy Conditions are often left active after a delivery or loss. Confirm the patient is not pregnant ' +
      `(a negative test before the ${ctx.procedureName}) and resolve the Condition.`,
    evidence: stale.map(conditionEvidence),
    references: [GuidelineLinks.acogSis],
    overrideReasons: ['record-outdated', 'pregnancy-excluded'],
  });
}

/**
 * `pregnancy`: critical on an active pregnancy Condition, a pregnancy status of pregnant or a positive hCG
 * (qualitative, or at least 25 mIU/mL) of the last 30 days not followed by a qualifying negative test; a warning
 * when the only evidence is a pregnancy Condition the record contradicts. Older unresolved positives are the
 * pregnancy-test-needed warning.
 */
export const findPregnancy: Rule = (ctx) => {
  const tests = currentPositiveHcg(ctx, hcgResults(ctx));
  const statuses = currentPregnantStatuses(ctx);
  const { current, stale } = pregnancyConditions(ctx);
  if (tests.length + statuses.length + current.length === 0)
    return stale.length > 0 ? staleRecordFinding(ctx, stale) : undefined;
  const observations: Observation[] = [...tests, ...statuses].map((r) => r.observation);
  return makeFinding(ctx, {
    kind: 'pregnancy',
    severity: 'critical',
    summary: summaryOf(ctx, tests, statuses),
    explanation:
      'Pregnancy is a contraindication to HSG, selective salpingography and SIS: they "should not be performed in ' +
      'a woman who is pregnant or who could be pregnant" (ACOG). Transcervical instrumentation and contrast can ' +
      'disrupt a pregnancy, and HSG irradiates the pelvis. A positive serum hCG is cleared only by a later negative ' +
      'serum hCG (a urine test cannot rule out low serum values).\n\n' +
      'If the record is wrong, confirm a negative pregnancy test before the procedure and correct the record.' +
      exogenousHcgNote(ctx, tests[0]?.date),
    evidence: [...observations.map(observationEvidence), ...current.map(conditionEvidence)],
    references: ctx.oilContrast
      ? [GuidelineLinks.acogSis, GuidelineLinks.acrHsg, GuidelineLinks.lipiodolLabel]
      : [GuidelineLinks.acogSis, GuidelineLinks.acrHsg],
    suggestions: [cancelOrder(ctx)],
    overrideReasons: ['pregnancy-excluded', 'record-outdated'],
  });
};
