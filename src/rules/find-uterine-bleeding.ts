import { activeConditionsIn } from './condition-queries.js';
import { conditionEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { RuleValueSets } from './rule-knowledge.js';
import { cancelOrder, makeFinding, type Rule } from './rule-context.js';

/** `uterine-bleeding`: active abnormal uterine bleeding; critical with oil-based contrast (Lipiodol label). */
export const findUterineBleeding: Rule = (ctx) => {
  const conditions = activeConditionsIn(ctx, RuleValueSets.abnormalUterineBleeding);
  if (conditions.length === 0) return undefined;
  const critical = ctx.oilContrast;
  return makeFinding(ctx, {
    kind: 'uterine-bleeding',
    severity: critical ? 'critical' : 'warning',
    summary: critical
      ? `Active uterine bleeding: oil-based contrast is contraindicated; defer ${ctx.procedureName} or use water-soluble contrast`
      : `Active abnormal uterine bleeding: defer ${ctx.procedureName} until the bleeding has stopped`,
    explanation:
      'During bleeding, contrast enters the veins more easily (intravasation) and clots can mimic filling defects. ' +
      'The Lipiodol label contraindicates HSG with ethiodized oil during intrauterine bleeding (risk of oil embolism).',
    evidence: conditions.map(conditionEvidence),
    references: critical ? [GuidelineLinks.lipiodolLabel, GuidelineLinks.acrHsg] : [GuidelineLinks.acrHsg],
    suggestions: critical ? [cancelOrder(ctx)] : [],
    overrideReasons: ['timing-confirmed', 'record-outdated', 'benefit-outweighs-risk'],
  });
};
