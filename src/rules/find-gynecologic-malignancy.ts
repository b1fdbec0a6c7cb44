import { activeConditionsIn } from './condition-queries.js';
import { conditionEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { RuleValueSets } from './rule-knowledge.js';
import { cancelOrder, makeFinding, type Rule } from './rule-context.js';

/** `gynecologic-malignancy` (critical): active cervical, uterine, ovarian or tubal cancer. */
export const findGynecologicMalignancy: Rule = (ctx) => {
  const conditions = activeConditionsIn(ctx, RuleValueSets.gynecologicMalignancy);
  if (conditions.length === 0) return undefined;
  return makeFinding(ctx, {
    kind: 'gynecologic-malignancy',
    severity: 'critical',
    summary: `Active gynaecologic cancer on record: ${ctx.procedureName} is generally contraindicated; discuss with gynaecologic oncology`,
    explanation:
      'Pushing fluid through the uterus and tubes can spill malignant cells into the peritoneal cavity, and the ' +
      'study rarely changes management. Proceed only on the advice of the treating gynaecologic oncologist.',
    evidence: conditions.map(conditionEvidence),
    references: [GuidelineLinks.acrHsg],
    suggestions: [cancelOrder(ctx)],
    overrideReasons: ['specialist-approved', 'record-outdated'],
  });
};
