import type { CodeableConcept } from 'fhir/r4.js';
import { objectsIn } from '../fhir/read-elements.js';
import { referencedCondition } from './order-reasons.js';
import { activeConditionsIn } from './condition-queries.js';
import { conditionState } from './record-status.js';
import { GuidelineLinks } from './guideline-links.js';
import { RuleValueSets } from './rule-knowledge.js';
import { isAvailable, makeFinding, type Rule, type RuleContext } from './rule-context.js';
import type { Evidence } from './types.js';
import { conceptLabel } from './concept-match.js';

function isIndication(ctx: RuleContext, concept: CodeableConcept | undefined): boolean {
  return ctx.valueSets.matchesConcept(RuleValueSets.hsgIndication, concept);
}

/** True when a reasonReference supports the order; one that cannot be resolved is given the benefit of the doubt. */
function hasSupportingReference(ctx: RuleContext): boolean {
  return objectsIn(ctx.order.resource.reasonReference).some((reference) => {
    const condition = referencedCondition(ctx, reference);
    if (!condition) return true;
    return conditionState(condition) !== 'excluded' && isIndication(ctx, condition.code);
  });
}

function unrecognisedReasons(ctx: RuleContext): Evidence[] {
  return objectsIn(ctx.order.resource.reasonCode).map((reason) => ({
    resourceType: ctx.order.resourceType,
    description: `Reason ${conceptLabel(reason)} is not a recognised indication for ${ctx.procedureName}`,
    reference: ctx.order.reference,
  }));
}

/**
 * `indication-missing` (info): the order has no supporting indication in reasonCode or reasonReference, and no
 * active Condition is one. Silent when the Conditions could not be obtained (cannot tell). HSG-family only.
 */
export const findIndicationMissing: Rule = (ctx) => {
  if (objectsIn(ctx.order.resource.reasonCode).some((reason) => isIndication(ctx, reason))) return undefined;
  if (hasSupportingReference(ctx)) return undefined;
  if (!isAvailable(ctx, 'conditions')) return undefined;
  if (activeConditionsIn(ctx, RuleValueSets.hsgIndication).length > 0) return undefined;
  return makeFinding(ctx, {
    kind: 'indication-missing',
    severity: 'info',
    summary: `No supporting indication for the ${ctx.procedureName} order: add a diagnosis such as female infertility (N97.9)`,
    explanation:
      'HSG is indicated for infertility, recurrent pregnancy loss, tubal status after sterilization, reversal or ' +
      'tubal surgery, and suspected uterine anomalies. Add the diagnosis to the order (reason) so the indication ' +
      'is documented and the claim is supported.',
    evidence: unrecognisedReasons(ctx),
    references: [GuidelineLinks.acrHsg, GuidelineLinks.asrmFertilityEvaluation],
    overrideReasons: ['already-ordered', 'not-applicable'],
  });
};
