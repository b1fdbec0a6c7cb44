import type { Condition, Reference } from 'fhir/r4.js';
import { objectsIn, referencedId } from '../fhir/read-elements.js';
import { conditionState } from './record-status.js';
import type { RuleContext } from './rule-context.js';

/** Resolved as the billing resolves it (also `…/Condition/id/_history/n`), among the record's Conditions only. */
export function referencedCondition(ctx: RuleContext, reference: Reference): Condition | undefined {
  const id = referencedId(reference.reference, 'Condition');
  return id === undefined ? undefined : ctx.record.conditions.find((c) => c.id === id);
}

/** True when the order gives a reason in the value set: a reasonCode, or a reasonReference to such a Condition. */
export function isOrderedFor(ctx: RuleContext, valueSetUrl: string): boolean {
  const resource = ctx.order.resource;
  if (objectsIn(resource.reasonCode).some((reason) => ctx.valueSets.matchesConcept(valueSetUrl, reason)))
    return true;
  return objectsIn(resource.reasonReference).some((reference) => {
    const condition = referencedCondition(ctx, reference);
    return (
      condition !== undefined &&
      conditionState(condition) !== 'excluded' &&
      ctx.valueSets.matchesConcept(valueSetUrl, condition.code)
    );
  });
}
