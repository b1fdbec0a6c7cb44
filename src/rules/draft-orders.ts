import type {
  CodeableConcept,
  FhirResource,
  Medication,
  MedicationAdministration,
  MedicationRequest,
} from 'fhir/r4.js';
import { orderKindOf } from '../orders/recognise-orders.js';
import type { OrderKind } from '../orders/recognised-order.js';
import { isMedicationRequestCurrent } from './record-status.js';
import type { RuleContext } from './rule-context.js';

function orderedConcept(resource: FhirResource): CodeableConcept | undefined {
  switch (resource.resourceType) {
    case 'ServiceRequest':
      return resource.code;
    case 'MedicationRequest':
      return medicationConcept(resource);
    default:
      return undefined;
  }
}

/** A Medication contained in the resource and referenced as `#id` (the only referenced Medication read). */
function containedMedication(
  resource: MedicationRequest | MedicationAdministration,
  reference: string | undefined,
): Medication | undefined {
  if (!reference?.startsWith('#') || !Array.isArray(resource.contained)) return undefined;
  const id = reference.slice(1);
  return resource.contained.find((r): r is Medication => r.resourceType === 'Medication' && r.id === id);
}

/**
 * The medication of a request or administration: its code, else the code of a contained Medication it
 * references, else the display of its reference.
 */
export function medicationConcept(
  resource: MedicationRequest | MedicationAdministration,
): CodeableConcept | undefined {
  if (resource.medicationCodeableConcept) return resource.medicationCodeableConcept;
  const reference = resource.medicationReference;
  const display = typeof reference?.display === 'string' ? reference.display : undefined;
  const contained = containedMedication(resource, reference?.reference)?.code;
  if (contained) return contained.text || !display ? contained : { ...contained, text: display };
  return display ? { text: display } : undefined;
}

/** True when one of the call's draft orders (other than the screened order) is for something in the value set. */
export function isAlreadyDrafted(ctx: RuleContext, valueSetUrl: string): boolean {
  return ctx.input.draftOrders.some(
    (resource) =>
      resource !== ctx.order.resource && ctx.valueSets.matchesConcept(valueSetUrl, orderedConcept(resource)),
  );
}

/** True when another of the call's draft orders is a `kind` order, read exactly as the screened orders are. */
export function isOrderKindDrafted(ctx: RuleContext, kind: OrderKind): boolean {
  return ctx.input.draftOrders.some(
    (resource) => resource !== ctx.order.resource && orderKindOf(resource, ctx.valueSets)?.kind === kind,
  );
}

/** The record's current (active, draft or on-hold) MedicationRequests for a medication in the value set. */
export function currentMedicationRequests(ctx: RuleContext, valueSetUrl: string): MedicationRequest[] {
  return ctx.record.medicationRequests.filter(
    (request) =>
      isMedicationRequestCurrent(request) &&
      ctx.valueSets.matchesConcept(valueSetUrl, medicationConcept(request)),
  );
}
