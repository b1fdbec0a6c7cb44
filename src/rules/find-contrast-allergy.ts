import { contrastAllergies, hasContrastAllergy, isSevereAllergy } from './contrast-allergies.js';
import { isOrderKindDrafted } from './draft-orders.js';
import { allergyEvidence, conditionEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { RuleActivityDefinitions } from './rule-knowledge.js';
import { cancelOrder, makeFinding, type Rule, type RuleContext } from './rule-context.js';
import type { SuggestionIntent } from './types.js';

function suggestionsFor(ctx: RuleContext, critical: boolean): SuggestionIntent[] {
  const suggestions: SuggestionIntent[] = [];
  // SIS answers the cavity question without iodinated contrast; it cannot replace a tubal cannulation.
  if (ctx.order.kind === 'hsg' && !isOrderKindDrafted(ctx, 'sis')) {
    suggestions.push({
      kind: 'replace-order',
      label: 'Replace with saline infusion sonohysterography (no iodinated contrast)',
      activityDefinition: RuleActivityDefinitions.salineInfusionSonohysterography,
    });
  }
  if (critical) suggestions.push(cancelOrder(ctx));
  return suggestions;
}

/**
 * `contrast-allergy`: an allergy to iodinated contrast (or a contrast-allergy finding). Critical with high
 * criticality, a severe reaction or anaphylaxis; otherwise a warning. HSG-family orders only.
 */
export const findContrastAllergy: Rule = (ctx) => {
  const found = contrastAllergies(ctx);
  if (!hasContrastAllergy(found)) return undefined;
  const critical = found.allergies.some((a) => isSevereAllergy(ctx, a));
  const alternative = ctx.order.kind === 'hsg' ? 'consider SIS instead' : 'plan premedication with radiology';
  const summary = critical
    ? `Severe reaction to iodinated contrast on record: avoid ${ctx.procedureName} with contrast; ${alternative}`
    : `Iodinated contrast allergy on record: tell radiology; consider premedication or SIS instead of ${ctx.procedureName}`;
  return makeFinding(ctx, {
    kind: 'contrast-allergy',
    severity: critical ? 'critical' : 'warning',
    summary,
    explanation:
      'Intrauterine contrast is absorbed and can enter the veins (intravasation), so allergic-like reactions can ' +
      'occur. After a severe reaction prefer a study without iodinated contrast (saline infusion ' +
      'sonohysterography or HyCoSy), or plan premedication with the radiologist per the ACR Manual on Contrast Media.',
    evidence: [...found.allergies.map(allergyEvidence), ...found.conditions.map(conditionEvidence)],
    references: [GuidelineLinks.acrContrastManual, GuidelineLinks.acrHsg],
    suggestions: suggestionsFor(ctx, critical),
    overrideReasons: [
      'premedication-planned',
      'alternative-considered',
      'benefit-outweighs-risk',
      'record-outdated',
    ],
  });
};
