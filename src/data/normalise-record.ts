import type {
  AllergyIntolerance,
  Condition,
  FhirResource,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
} from 'fhir/r4.js';
import type { DataCategory, PatientRecord } from '../rules/types.js';
import type { PrefetchPlanEntry } from './patient-data-source.js';

/** The resource type each category holds. */
export const CATEGORY_RESOURCE_TYPE: Readonly<Record<DataCategory, string>> = {
  patient: 'Patient',
  conditions: 'Condition',
  allergies: 'AllergyIntolerance',
  observations: 'Observation',
  procedures: 'Procedure',
  medications: 'MedicationRequest',
};

function referencesPatient(reference: unknown, patientId: string): boolean {
  if (typeof reference !== 'string') return false;
  return reference === `Patient/${patientId}` || reference.endsWith(`/Patient/${patientId}`);
}

/** A resource is trusted only if it is of the expected type and about this patient. */
export function belongsToPatient(resource: FhirResource, patientId: string): boolean {
  if (resource.resourceType === 'Patient') return resource.id === patientId;
  const subject = (resource as { subject?: { reference?: unknown } }).subject?.reference;
  const patient = (resource as { patient?: { reference?: unknown } }).patient?.reference;
  return referencesPatient(subject, patientId) || referencesPatient(patient, patientId);
}

export type GatheredResources = Partial<Record<DataCategory, readonly FhirResource[]>>;

/**
 * Builds the record from what was gathered; resources of another type or patient, and resources the
 * key's query did not ask for (the plan entry's `accepts`), are dropped.
 */
export function normaliseRecord(
  patientId: string,
  gathered: GatheredResources,
  unavailable: ReadonlyMap<DataCategory, string>,
  plan: readonly PrefetchPlanEntry[] = [],
): PatientRecord {
  const pick = <T extends FhirResource>(category: DataCategory): T[] => {
    const accept = plan.find((entry) => entry.category === category)?.accepts;
    return (gathered[category] ?? []).filter(
      (r): r is T =>
        typeof r === 'object' &&
        r !== null &&
        r.resourceType === CATEGORY_RESOURCE_TYPE[category] &&
        belongsToPatient(r, patientId) &&
        (accept === undefined || accept(r)),
    );
  };
  return {
    patientId,
    patient: pick<Patient>('patient')[0],
    conditions: pick<Condition>('conditions'),
    allergies: pick<AllergyIntolerance>('allergies'),
    observations: pick<Observation>('observations'),
    procedures: pick<Procedure>('procedures'),
    medicationRequests: pick<MedicationRequest>('medications'),
    unavailable,
  };
}
