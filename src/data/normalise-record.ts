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

/** The reference forms that name the patient: `Patient/id`, or an absolute URL ending in it. */
interface PatientReference {
  readonly id: string;
  readonly relative: string;
  readonly suffix: string;
}

function patientReference(patientId: string): PatientReference {
  return { id: patientId, relative: `Patient/${patientId}`, suffix: `/Patient/${patientId}` };
}

function referencesPatient(reference: unknown, patient: PatientReference): boolean {
  if (typeof reference !== 'string') return false;
  return reference === patient.relative || reference.endsWith(patient.suffix);
}

/** A resource is trusted only if it is of the expected type and about this patient. */
function isAbout(resource: FhirResource, patient: PatientReference): boolean {
  if (resource.resourceType === 'Patient') return resource.id === patient.id;
  const subject = (resource as { subject?: { reference?: unknown } }).subject?.reference;
  const about = (resource as { patient?: { reference?: unknown } }).patient?.reference;
  return referencesPatient(subject, patient) || referencesPatient(about, patient);
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
  const patient = patientReference(patientId);
  const pick = <T extends FhirResource>(category: DataCategory): T[] => {
    const resources = gathered[category];
    if (!resources?.length) return [];
    const accept = plan.find((entry) => entry.category === category)?.accepts;
    const resourceType = CATEGORY_RESOURCE_TYPE[category];
    return resources.filter(
      (r): r is T =>
        typeof r === 'object' &&
        r !== null &&
        r.resourceType === resourceType &&
        isAbout(r, patient) &&
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
