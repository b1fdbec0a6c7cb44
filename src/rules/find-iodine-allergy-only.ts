import { activeConditionsIn, currentAllergiesTo } from './condition-queries.js';
import { contrastAllergies, hasContrastAllergy } from './contrast-allergies.js';
import { allergyEvidence, conditionEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { RuleValueSets } from './rule-knowledge.js';
import { makeFinding, type Rule } from './rule-context.js';

/**
 * `iodine-allergy-not-contraindication` (info): allergies to iodine, povidone-iodine or shellfish and none to
 * contrast. Says plainly that they do not predict a contrast reaction. HSG-family orders only.
 */
export const findIodineAllergyOnly: Rule = (ctx) => {
  if (hasContrastAllergy(contrastAllergies(ctx))) return undefined;
  // Contrast allergies returned above, so none of these is coded as one.
  const allergies = currentAllergiesTo(ctx, RuleValueSets.iodineAllergen);
  const conditions = activeConditionsIn(ctx, RuleValueSets.iodineAllergen);
  if (allergies.length + conditions.length === 0) return undefined;
  return makeFinding(ctx, {
    kind: 'iodine-allergy-not-contraindication',
    severity: 'info',
    summary: `Iodine or shellfish allergy only: not a contrast allergy; no premedication needed for ${ctx.procedureName}`,
    explanation:
      'Allergies to shellfish, iodine or povidone-iodine do not predict reactions to iodinated contrast media ' +
      '(ACR Manual on Contrast Media); patients with them are at no greater risk than patients with other allergies. ' +
      'Use an iodine-free skin or cervical preparation if povidone-iodine is not tolerated.',
    evidence: [...allergies.map(allergyEvidence), ...conditions.map(conditionEvidence)],
    references: [GuidelineLinks.acrContrastManual],
    overrideReasons: ['not-applicable'],
  });
};
