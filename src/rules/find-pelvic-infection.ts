import { describeAgo, isWithinDaysBefore } from './dates.js';
import { conditionEvidence, observationEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { codedPolarity, latestResultPerTest, type TestResult } from './observation-result.js';
import { pelvicConditions } from './pelvic-conditions.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import { cancelOrder, makeFinding, type Rule, type RuleContext } from './rule-context.js';

/** The latest result of each CT/NG NAAT, when positive and within the window. */
function recentPositiveNaat(ctx: RuleContext): TestResult[] {
  return latestResultPerTest(ctx.record.observations, ctx.valueSets, RuleValueSets.ctngNaat, ctx.now).filter(
    (r) =>
      codedPolarity(r.observation, ctx.valueSets, [RuleValueSets.ctngOrganism]) === 'positive' &&
      isWithinDaysBefore(r.date, ctx.evidenceAnchor, T.ctngPositiveWindowDays),
  );
}

/**
 * `pelvic-infection` (critical): an active acute pelvic or cervical infection, chlamydia or gonorrhoea, or a
 * positive CT/NG NAAT within 60 days. Resolved infections are history (antibiotic-prophylaxis), never here.
 */
export const findPelvicInfection: Rule = (ctx) => {
  const conditions = pelvicConditions(ctx, 'active-infection');
  const tests = recentPositiveNaat(ctx);
  if (conditions.length + tests.length === 0) return undefined;
  const outcome = `${ctx.procedureName} is contraindicated until treated and resolved`;
  const firstTest = tests[0];
  const summary = firstTest
    ? `Positive chlamydia/gonorrhoea test ${describeAgo(firstTest.date, ctx.now)}: ${outcome}`
    : `Active pelvic or cervical infection on record: ${outcome}`;
  return makeFinding(ctx, {
    kind: 'pelvic-infection',
    severity: 'critical',
    summary,
    explanation:
      'Injecting fluid through an infected cervix can spread the infection to the tubes and peritoneum. Treat ' +
      `the infection and confirm it has resolved before HSG or SIS. A positive NAAT counts for ${T.ctngPositiveWindowDays} days.`,
    evidence: [...tests.map((t) => observationEvidence(t.observation)), ...conditions.map(conditionEvidence)],
    references: ctx.oilContrast
      ? [GuidelineLinks.cdcPid, GuidelineLinks.acrHsg, GuidelineLinks.lipiodolLabel]
      : [GuidelineLinks.cdcPid, GuidelineLinks.acrHsg],
    suggestions: [cancelOrder(ctx)],
    overrideReasons: ['infection-treated', 'record-outdated'],
  });
};
