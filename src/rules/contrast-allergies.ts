import type { AllergyIntolerance, Condition } from 'fhir/r4.js';
import { objectsIn } from '../fhir/read-elements.js';
import { activeConditionsIn, currentAllergiesTo } from './condition-queries.js';
import { RuleValueSets } from './rule-knowledge.js';
import type { RuleContext } from './rule-context.js';

export interface ContrastAllergies {
  readonly allergies: readonly AllergyIntolerance[];
  readonly conditions: readonly Condition[];
}

/** Current allergies to iodinated contrast, and active allergy-to-contrast findings recorded as Conditions. */
export function contrastAllergies(ctx: RuleContext): ContrastAllergies {
  return {
    allergies: currentAllergiesTo(ctx, RuleValueSets.contrastAllergen),
    conditions: activeConditionsIn(ctx, RuleValueSets.contrastAllergen),
  };
}

export function hasContrastAllergy(found: ContrastAllergies): boolean {
  return found.allergies.length + found.conditions.length > 0;
}

/** High criticality, a severe past reaction, or a severe manifestation such as anaphylaxis. */
export function isSevereAllergy(ctx: RuleContext, allergy: AllergyIntolerance): boolean {
  if (allergy.criticality === 'high') return true;
  return objectsIn(allergy.reaction).some(
    (reaction) =>
      reaction.severity === 'severe' ||
      objectsIn(reaction.manifestation).some((m) =>
        ctx.valueSets.matchesConcept(RuleValueSets.severeReactionManifestation, m),
      ),
  );
}
