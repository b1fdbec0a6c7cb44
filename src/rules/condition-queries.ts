import type { AllergyIntolerance, Condition } from 'fhir/r4.js';
import { objectsIn } from '../fhir/read-elements.js';
import { conditionState, isAllergyCurrent } from './record-status.js';
import { remember, type RuleContext } from './rule-context.js';

/** Active Conditions (active, recurrence, relapse, or no status and not abated) coded in the value set. */
export function activeConditionsIn(ctx: RuleContext, valueSetUrl: string): Condition[] {
  return remember(ctx, `active-conditions ${valueSetUrl}`, () =>
    ctx.record.conditions.filter(
      (c) => conditionState(c) === 'active' && ctx.valueSets.matchesConcept(valueSetUrl, c.code),
    ),
  );
}

/** Conditions in the value set in any clinical status, except refuted or entered in error. */
export function recordedConditionsIn(ctx: RuleContext, valueSetUrl: string): Condition[] {
  return remember(ctx, `recorded-conditions ${valueSetUrl}`, () =>
    ctx.record.conditions.filter(
      (c) => conditionState(c) !== 'excluded' && ctx.valueSets.matchesConcept(valueSetUrl, c.code),
    ),
  );
}

/** Current allergies whose code, or the substance of one of whose reactions, is in the value set. */
export function currentAllergiesTo(ctx: RuleContext, valueSetUrl: string): AllergyIntolerance[] {
  return remember(ctx, `current-allergies ${valueSetUrl}`, () =>
    ctx.record.allergies.filter(
      (a) =>
        isAllergyCurrent(a) &&
        (ctx.valueSets.matchesConcept(valueSetUrl, a.code) ||
          objectsIn(a.reaction).some((r) => ctx.valueSets.matchesConcept(valueSetUrl, r.substance))),
    ),
  );
}
