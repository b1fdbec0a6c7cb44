import { activeConditionsIn, currentAllergiesTo } from './condition-queries.js';
import { contrastAllergies, hasContrastAllergy } from './contrast-allergies.js';
import { allergyEvidence, conditionEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { RuleValueSets } from './rule-knowledge.js';
import { makeFinding, type Rule, type RuleContext } from './rule-context.js';
import type { Evidence, Finding } from './types.js';

function allergyRecords(ctx: RuleContext, url: string): Evidence[] {
  return [
    ...currentAllergiesTo(ctx, url).map(allergyEvidence),
    ...activeConditionsIn(ctx, url).map(conditionEvidence),
  ];
}

/** SIS uses no contrast, but the cervix is prepared with povidone-iodine ([S24]). */
function sisPrepFinding(ctx: RuleContext): Finding | undefined {
  const evidence = allergyRecords(ctx, RuleValueSets.povidoneIodineAllergen);
  if (evidence.length === 0) return undefined;
  return makeFinding(ctx, {
    kind: 'iodine-allergy-not-contraindication',
    severity: 'info',
    summary:
      'Iodine or povidone-iodine allergy: use an iodine-free cervical preparation (such as chlorhexidine) for SIS',
    explanation:
      'The cervix is usually cleaned with povidone-iodine before the catheter is placed; for patients sensitive to ' +
      'iodine, chlorhexidine (Hibiclens) is used instead. SIS uses no iodinated contrast.',
    evidence,
    references: [],
    overrideReasons: ['not-applicable'],
  });
}

/**
 * `iodine-allergy-not-contraindication` (info). HSG family: allergies to iodine, povidone-iodine or shellfish and
 * none to contrast; says plainly that they do not predict a contrast reaction ([S12], [S13]). SIS: an iodine or
 * povidone-iodine allergy, for the skin and cervical preparation ([S24]).
 */
export const findIodineAllergyOnly: Rule = (ctx) => {
  if (ctx.order.kind === 'sis') return sisPrepFinding(ctx);
  if (hasContrastAllergy(contrastAllergies(ctx))) return undefined;
  // Contrast allergies returned above, so none of these is coded as one.
  const evidence = allergyRecords(ctx, RuleValueSets.iodineAllergen);
  if (evidence.length === 0) return undefined;
  return makeFinding(ctx, {
    kind: 'iodine-allergy-not-contraindication',
    severity: 'info',
    summary: `Iodine or shellfish allergy only: not a contrast allergy; no premedication needed for ${ctx.procedureName}`,
    explanation:
      'Allergies to shellfish, iodine or povidone-iodine do not predict reactions to iodinated contrast media ' +
      '(ACR Manual on Contrast Media); patients with them are at no greater risk than patients with other allergies. ' +
      'Use an iodine-free skin or cervical preparation (such as chlorhexidine) if povidone-iodine is not tolerated.',
    evidence,
    references: [GuidelineLinks.acrContrastManual],
    overrideReasons: ['not-applicable'],
  });
};
