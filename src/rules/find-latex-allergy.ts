import { activeConditionsIn, currentAllergiesTo } from './condition-queries.js';
import { allergyEvidence, conditionEvidence } from './evidence.js';
import { makeFinding, type Rule } from './rule-context.js';
import { RuleValueSets } from './rule-knowledge.js';

/**
 * `latex-allergy` (warning), HSG and SIS: a latex allergy on record. Gloves, balloon catheters and (for SIS) latex
 * condoms used as probe covers can contain latex ([S27]). No guideline asks for this check: it is the clinical
 * reviewer's judgment, and the card says so.
 */
export const findLatexAllergy: Rule = (ctx) => {
  const allergies = currentAllergiesTo(ctx, RuleValueSets.latexAllergen);
  const conditions = activeConditionsIn(ctx, RuleValueSets.latexAllergen);
  if (allergies.length + conditions.length === 0) return undefined;
  const probe = ctx.order.kind === 'sis' ? ', probe covers' : '';
  return makeFinding(ctx, {
    kind: 'latex-allergy',
    severity: 'warning',
    summary: `Latex allergy on record: use latex-free gloves, catheters${probe} and supplies for ${ctx.procedureName}`,
    explanation:
      'HSG and SIS use gloves, balloon catheters and, for ultrasound, transducer covers; latex condoms and latex ' +
      'gloves are used as transvaginal probe sheaths in some departments. Tell the department so that latex-free ' +
      "items are ready. This check is a clinical reviewer's judgment, not a guideline recommendation.",
    evidence: [...allergies.map(allergyEvidence), ...conditions.map(conditionEvidence)],
    references: [],
    overrideReasons: ['checked-manually', 'record-outdated'],
  });
};
