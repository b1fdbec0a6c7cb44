import type {
  AllergyIntolerance,
  Condition,
  FhirResource,
  MedicationAdministration,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
} from 'fhir/r4.js';
import type { DataCategory, PatientRecord } from '../rules/types.js';
import type { FetchCategory, PendingOrders, PrefetchPlanEntry } from './patient-data-source.js';

/** The resource type each category holds. */
export const CATEGORY_RESOURCE_TYPE: Readonly<Record<FetchCategory, string>> = {
  patient: 'Patient',
  conditions: 'Condition',
  allergies: 'AllergyIntolerance',
  observations: 'Observation',
  procedures: 'Procedure',
  medications: 'MedicationRequest',
  'medication-administrations': 'MedicationAdministration',
  'pending-orders': 'ServiceRequest',
};

/** STU3 EHRs hold orders as ProcedureRequests, read through the same elements. */
const ALSO_ACCEPTED: Partial<Record<FetchCategory, string>> = { 'pending-orders': 'ProcedureRequest' };

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

export type GatheredResources = Partial<Record<FetchCategory, readonly FhirResource[]>>;

/** What was gathered for one category, less resources of another type or patient or not asked for. */
function pickResources<T extends FhirResource>(
  patientId: string,
  gathered: GatheredResources,
  plan: readonly PrefetchPlanEntry[],
  category: FetchCategory,
): T[] {
  const resources = gathered[category];
  if (!resources?.length) return [];
  const patient = patientReference(patientId);
  const accept = plan.find((entry) => entry.category === category)?.accepts;
  const resourceTypes = [CATEGORY_RESOURCE_TYPE[category], ALSO_ACCEPTED[category]];
  return resources.filter(
    (r): r is T =>
      typeof r === 'object' &&
      r !== null &&
      resourceTypes.includes(r.resourceType) &&
      isAbout(r, patient) &&
      (accept === undefined || accept(r)),
  );
}

/**
 * Builds the record from what was gathered; resources of another type or patient, and resources the
 * key's query did not ask for (the plan entry's `accepts`), are dropped.
 */
export function normaliseRecord(
  patientId: string,
  gathered: GatheredResources,
  unavailable: ReadonlyMap<FetchCategory, string>,
  plan: readonly PrefetchPlanEntry[] = [],
): PatientRecord {
  const pick = <T extends FhirResource>(category: DataCategory): T[] =>
    pickResources<T>(patientId, gathered, plan, category);
  const recordUnavailable = new Map<DataCategory, string>();
  for (const [category, reason] of unavailable)
    if (category !== 'pending-orders') recordUnavailable.set(category, reason);
  return {
    patientId,
    patient: pick<Patient>('patient')[0],
    conditions: pick<Condition>('conditions'),
    allergies: pick<AllergyIntolerance>('allergies'),
    observations: pick<Observation>('observations'),
    procedures: pick<Procedure>('procedures'),
    medicationRequests: pick<MedicationRequest>('medications'),
    medicationAdministrations: pick<MedicationAdministration>('medication-administrations'),
    unavailable: recordUnavailable,
  };
}

/** The pending orders of a plan with a `pending-orders` entry (undefined without one), filtered as the record is. */
export function normalisePendingOrders(
  patientId: string,
  gathered: GatheredResources,
  unavailable: ReadonlyMap<FetchCategory, string>,
  plan: readonly PrefetchPlanEntry[],
): PendingOrders | undefined {
  if (!plan.some((entry) => entry.category === 'pending-orders')) return undefined;
  return {
    resources: pickResources(patientId, gathered, plan, 'pending-orders'),
    problem: unavailable.get('pending-orders'),
  };
}
