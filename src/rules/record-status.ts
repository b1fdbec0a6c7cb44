import type {
  AllergyIntolerance,
  CodeableConcept,
  Condition,
  MedicationRequest,
  Procedure,
} from 'fhir/r4.js';
import { parseFhirDate } from './dates.js';

// Status codes are the FHIR-required bindings (condition-clinical, condition-ver-status,
// allergyintolerance-clinical, allergyintolerance-verification), not clinical code lists.
const ACTIVE_CLINICAL = new Set(['active', 'recurrence', 'relapse']);
const NOT_TRUE = new Set(['refuted', 'entered-in-error']);

function statusCodes(concept: CodeableConcept | undefined): string[] {
  const codings = Array.isArray(concept?.coding) ? concept.coding : [];
  return codings.map((c) => c?.code).filter((c): c is string => typeof c === 'string');
}

/** `active`: counts now; `inactive`: history (resolved, inactive, remission); `excluded`: refuted or entered in error. */
export type ConditionState = 'active' | 'inactive' | 'excluded';

export function conditionState(condition: Condition): ConditionState {
  if (statusCodes(condition.verificationStatus).some((c) => NOT_TRUE.has(c))) return 'excluded';
  const clinical = statusCodes(condition.clinicalStatus);
  if (clinical.length === 0) {
    const abated =
      condition.abatementDateTime !== undefined ||
      condition.abatementPeriod !== undefined ||
      condition.abatementAge !== undefined ||
      condition.abatementRange !== undefined ||
      condition.abatementString !== undefined;
    return abated ? 'inactive' : 'active';
  }
  return clinical.some((c) => ACTIVE_CLINICAL.has(c)) ? 'active' : 'inactive';
}

/** When the condition began (onset, else when it was recorded). */
export function conditionOnset(condition: Condition): Date | undefined {
  return (
    parseFhirDate(condition.onsetDateTime) ??
    parseFhirDate(condition.onsetPeriod?.start) ??
    parseFhirDate(condition.recordedDate)
  );
}

/** An allergy counts when its clinical status is active or absent and it is not refuted or entered in error. */
export function isAllergyCurrent(allergy: AllergyIntolerance): boolean {
  if (statusCodes(allergy.verificationStatus).some((c) => NOT_TRUE.has(c))) return false;
  const clinical = statusCodes(allergy.clinicalStatus);
  return clinical.length === 0 || clinical.includes('active');
}

export function isAllergyUnconfirmed(allergy: AllergyIntolerance): boolean {
  return statusCodes(allergy.verificationStatus).includes('unconfirmed');
}

/** A procedure that took place (completed, or under way). */
export function isProcedurePerformed(procedure: Procedure): boolean {
  return procedure.status === 'completed' || procedure.status === 'in-progress';
}

export function procedureDate(procedure: Procedure): Date | undefined {
  return (
    parseFhirDate(procedure.performedDateTime) ??
    parseFhirDate(procedure.performedPeriod?.end) ??
    parseFhirDate(procedure.performedPeriod?.start)
  );
}

/** A medication order that is, or is about to be, in force. */
export function isMedicationRequestCurrent(request: MedicationRequest): boolean {
  return request.status === 'active' || request.status === 'draft' || request.status === 'on-hold';
}
