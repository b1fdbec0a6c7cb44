import { randomUUID } from 'node:crypto';
import type { ActivityDefinition, MedicationRequest, ServiceRequest } from 'fhir/r4.js';
import { objectsIn } from '../fhir/read-elements.js';
import type { RecognisedOrder } from '../orders/recognised-order.js';

export interface ApplyContext {
  readonly patientId: string;
  readonly now: Date;
  /** The HSG order the suggestion replaces or supports: its date, reason and requester carry over. */
  readonly order: RecognisedOrder;
}

/**
 * A minimal `$apply`: turns one of the project's ActivityDefinitions (fhir-profiles/) into the draft
 * resource a suggestion creates. Complete R4 resources: status, intent, subject and code are set.
 */
export function applyActivityDefinition(
  definition: ActivityDefinition,
  context: ApplyContext,
): ServiceRequest | MedicationRequest {
  const subject = { reference: `Patient/${context.patientId}` };
  const authoredOn = context.now.toISOString();
  const source = context.order.resource;
  const carried = {
    ...(source.encounter?.reference ? { encounter: { reference: source.encounter.reference } } : {}),
    ...(source.requester?.reference ? { requester: { reference: source.requester.reference } } : {}),
  };
  const instantiates = definition.url
    ? [definition.version ? `${definition.url}|${definition.version}` : definition.url]
    : [];
  if (definition.kind === 'MedicationRequest') {
    if (!definition.productCodeableConcept)
      throw new Error(`${definition.url} has no productCodeableConcept`);
    return {
      resourceType: 'MedicationRequest',
      id: randomUUID(),
      status: 'draft',
      intent: (definition.intent as MedicationRequest['intent'] | undefined) ?? 'order',
      medicationCodeableConcept: definition.productCodeableConcept,
      subject,
      authoredOn,
      ...carried,
      ...(instantiates.length > 0 ? { instantiatesCanonical: instantiates } : {}),
      ...(definition.dosage ? { dosageInstruction: definition.dosage } : {}),
    };
  }
  if (!definition.code) throw new Error(`${definition.url} has no code`);
  const scheduled = context.order.scheduledDate;
  // The draft order comes from the request: carry over only well-formed reasons.
  const reasons = objectsIn(source.reasonCode);
  return {
    resourceType: 'ServiceRequest',
    id: randomUUID(),
    status: 'draft',
    intent: (definition.intent as ServiceRequest['intent'] | undefined) ?? 'order',
    code: definition.code,
    subject,
    authoredOn,
    ...carried,
    ...(instantiates.length > 0 ? { instantiatesCanonical: instantiates } : {}),
    ...(scheduled ? { occurrenceDateTime: scheduled } : {}),
    ...(reasons.length > 0 ? { reasonCode: reasons } : {}),
  };
}
