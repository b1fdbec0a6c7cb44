import type { AllergyIntolerance, Condition, MedicationRequest, Procedure } from 'fhir/r4.js';
import { parseFhirDate } from './dates.js';

// Status codes are the FHIR-required bindings (condition-clinical, condition-ver-status,
// allergyintolerance-clinical, allergyintolerance-verification), not clinical code lists.
const ACTIVE_CLINICAL = new Set(['active', 'recurrence', 'relapse']);
const NOT_TRUE = new Set(['refuted', 'entered-in-error']);
const ACTIVE_ALLERGY = new Set(['active']);
const UNCONFIRMED = new Set(['unconfirmed']);

/** Calls `visit` on each code of a status element: a CodeableConcept, or the plain code STU3 records carry. */
function someStatusCode(status: unknown, visit: (code: string) => boolean): boolean {
  if (typeof status === 'string') return visit(status);
  const codings: unknown = (status as { coding?: unknown } | undefined)?.coding;
  if (!Array.isArray(codings)) return false;
  for (const coding of codings) {
    const code: unknown = (coding as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && visit(code)) return true;
  }
  return false;
}

function hasStatusIn(status: unknown, codes: ReadonlySet<string>): boolean {
  return someStatusCode(status, (code) => codes.has(code));
}

/** True when a status element holds at least one code (absent, empty or malformed ones hold none). */
export function isStatusRecorded(status: unknown): boolean {
  return someStatusCode(status, () => true);
}

/** `active`: counts now; `inactive`: history (resolved, inactive, remission); `excluded`: refuted or entered in error. */
export type ConditionState = 'active' | 'inactive' | 'excluded';

export function conditionState(condition: Condition): ConditionState {
  if (hasStatusIn(condition.verificationStatus, NOT_TRUE)) return 'excluded';
  if (!isStatusRecorded(condition.clinicalStatus)) {
    const abated =
      condition.abatementDateTime !== undefined ||
      condition.abatementPeriod !== undefined ||
      condition.abatementAge !== undefined ||
      condition.abatementRange !== undefined ||
      condition.abatementString !== undefined;
    return abated ? 'inactive' : 'active';
  }
  return hasStatusIn(condition.clinicalStatus, ACTIVE_CLINICAL) ? 'active' : 'inactive';
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
  if (hasStatusIn(allergy.verificationStatus, NOT_TRUE)) return false;
  return !isStatusRecorded(allergy.clinicalStatus) || hasStatusIn(allergy.clinicalStatus, ACTIVE_ALLERGY);
}

export function isAllergyUnconfirmed(allergy: AllergyIntolerance): boolean {
  return hasStatusIn(allergy.verificationStatus, UNCONFIRMED);
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
