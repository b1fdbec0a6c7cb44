import { activeConditionsIn } from './condition-queries.js';
import { isWithinDaysBefore } from './dates.js';
import { conditionEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { isOrderedFor } from './order-reasons.js';
import { conditionOnset } from './record-status.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import { cancelOrder, makeFinding, type Rule } from './rule-context.js';

/**
 * `uterine-bleeding`: current abnormal uterine bleeding, that is an active abnormal-bleeding Condition that began
 * (or was recorded) within 14 days; critical with oil-based contrast (Lipiodol label: "intrauterine bleeding",
 * "recent hemorrhage or bleeding", [S8]), else a warning. A chronic diagnosis such as heavy menstrual bleeding on
 * the problem list is not bleeding now (review 3.9). Never against an SIS ordered for abnormal uterine or
 * postmenopausal bleeding: that is its commonest indication (ACOG Technology Assessments 3 and 8, [S3], [S4]).
 */
export const findUterineBleeding: Rule = (ctx) => {
  if (ctx.order.kind === 'sis' && isOrderedFor(ctx, RuleValueSets.abnormalUterineBleeding)) return undefined;
  const conditions = activeConditionsIn(ctx, RuleValueSets.abnormalUterineBleeding).filter((c) => {
    const since = conditionOnset(c);
    return since !== undefined && isWithinDaysBefore(since, ctx.evidenceAnchor, T.currentBleedingDays);
  });
  if (conditions.length === 0) return undefined;
  const critical = ctx.oilContrast;
  return makeFinding(ctx, {
    kind: 'uterine-bleeding',
    severity: critical ? 'critical' : 'warning',
    summary: critical
      ? `Current uterine bleeding: oil-based contrast is contraindicated; defer ${ctx.procedureName} or use water-soluble contrast`
      : `Current abnormal uterine bleeding: defer ${ctx.procedureName} until the bleeding has stopped`,
    explanation:
      `Bleeding recorded in the last ${T.currentBleedingDays} days. During bleeding, contrast enters the veins more ` +
      'easily (intravasation) and clots can mimic filling defects; spotting alone does not prevent a water-soluble ' +
      'study. The Lipiodol label contraindicates HSG with ethiodized oil during intrauterine bleeding (risk of oil ' +
      'embolism).',
    evidence: conditions.map(conditionEvidence),
    references: critical ? [GuidelineLinks.lipiodolLabel, GuidelineLinks.acrHsg] : [GuidelineLinks.acrHsg],
    suggestions: critical ? [cancelOrder(ctx)] : [],
    overrideReasons: ['timing-confirmed', 'record-outdated', 'benefit-outweighs-risk'],
  });
};
