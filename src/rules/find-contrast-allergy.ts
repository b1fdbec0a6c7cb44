import { contrastAllergies, hasContrastAllergy, isSevereAllergy } from './contrast-allergies.js';
import { isOrderKindDrafted } from './draft-orders.js';
import { allergyEvidence, conditionEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { RuleActivityDefinitions } from './rule-knowledge.js';
import { makeFinding, type Rule, type RuleContext } from './rule-context.js';
import type { SuggestionIntent } from './types.js';

function suggestionsFor(ctx: RuleContext): SuggestionIntent[] {
  // SIS answers the cavity question without iodinated contrast; it cannot replace a tubal study.
  if (ctx.order.kind !== 'hsg' || isOrderKindDrafted(ctx, 'sis')) return [];
  return [
    {
      kind: 'replace-order',
      label: 'If only the uterine cavity is in question: replace with saline infusion sonohysterography',
      activityDefinition: RuleActivityDefinitions.salineInfusionSonohysterography,
    },
  ];
}

function summaryOf(ctx: RuleContext, severe: boolean): string {
  if (severe)
    return `Severe reaction to iodinated contrast on record: use another agent or HyCoSy/HyFoSy for ${ctx.procedureName}; tell radiology`;
  if (ctx.oilContrast)
    return 'Iodinated contrast allergy on record: the Lipiodol label says avoid oil-based contrast; use another agent or HyCoSy';
  return `Iodinated contrast allergy on record: choose a different agent or HyCoSy/HyFoSy for ${ctx.procedureName}; tell radiology`;
}

/**
 * `contrast-allergy`: an allergy to iodinated contrast (or a contrast-allergy finding). Critical with high
 * criticality, a severe reaction or anaphylaxis, and with any prior reaction when oil-based contrast is ordered
 * (Lipiodol label: avoid "in patients with a history of sensitivity to other iodinated contrast agents", [S8]);
 * otherwise a warning. Advice per review 3.6: a different agent or HyCoSy/HyFoSy first ([S14], [S15]); saline SIS
 * only for cavity questions; the ACR premedication advice is for intravascular contrast ([S12]); no "cancel".
 * HSG-family orders only.
 */
export const findContrastAllergy: Rule = (ctx) => {
  const found = contrastAllergies(ctx);
  if (!hasContrastAllergy(found)) return undefined;
  const severe = found.allergies.some((a) => isSevereAllergy(ctx, a));
  return makeFinding(ctx, {
    kind: 'contrast-allergy',
    severity: severe || ctx.oilContrast ? 'critical' : 'warning',
    summary: summaryOf(ctx, severe),
    ...(ctx.oilContrast
      ? {
          action:
            'Do not use oil-based contrast (Lipiodol label: prior sensitivity to iodinated contrast); use another agent or HyCoSy/HyFoSy and tell radiology.',
        }
      : {}),
    explanation:
      'Intrauterine contrast is absorbed and can enter the veins (intravasation), so allergic-like reactions can ' +
      'occur, although after intracavitary use they are rare. A prior reaction is the strongest risk factor. ' +
      'Prefer a different iodinated agent, or HyCoSy/HyFoSy (no iodine) for the tubal question; saline infusion ' +
      'sonohysterography answers only the cavity question. The ACR Manual on Contrast Media recommends ' +
      'premedication before intravascular contrast; for intracavitary use switching agent is increasingly preferred ' +
      'to premedication, so decide with the radiologist.',
    evidence: [...found.allergies.map(allergyEvidence), ...found.conditions.map(conditionEvidence)],
    references: ctx.oilContrast
      ? [GuidelineLinks.acrContrastManual, GuidelineLinks.lipiodolLabel]
      : [GuidelineLinks.acrContrastManual, GuidelineLinks.acrHsg],
    suggestions: suggestionsFor(ctx),
    overrideReasons: [
      'premedication-planned',
      'alternative-considered',
      'benefit-outweighs-risk',
      'record-outdated',
    ],
  });
};
