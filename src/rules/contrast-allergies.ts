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

/**
 * A severe past reaction (severity severe, or a manifestation such as anaphylaxis); criticality "high" decides only
 * when no reaction is described, since EHRs often default it to high (review 3.6 and P2 item 15, judgment).
 */
export function isSevereAllergy(ctx: RuleContext, allergy: AllergyIntolerance): boolean {
  const reactions = objectsIn(allergy.reaction);
  const severe = reactions.some(
    (reaction) =>
      reaction.severity === 'severe' ||
      objectsIn(reaction.manifestation).some((m) =>
        ctx.valueSets.matchesConcept(RuleValueSets.severeReactionManifestation, m),
      ),
  );
  if (severe) return true;
  const described = reactions.some(
    (reaction) => reaction.severity !== undefined || objectsIn(reaction.manifestation).length > 0,
  );
  return !described && allergy.criticality === 'high';
}
