import type { Bundle, BundleEntry, Condition, FhirResource, Observation, Patient } from 'fhir/r4.js';

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const FIRST_DAY = Date.UTC(2010, 0, 1);
const HOUR_MS = 60 * 60 * 1000;
/** Keeps every generated date between 2010 and 2023, whatever the counts. */
const MAX_HOURS = 13 * 365 * 24;

/** Vital signs: frequent in real records and irrelevant to HSG screening. */
const VITALS = [
  { code: '8867-4', display: 'Heart rate', unit: '/min', base: 60, spread: 40 },
  { code: '29463-7', display: 'Body weight', unit: 'kg', base: 55, spread: 30 },
  { code: '8310-5', display: 'Body temperature', unit: 'Cel', base: 36, spread: 2 },
  { code: '9279-1', display: 'Respiratory rate', unit: '/min', base: 12, spread: 8 },
] as const;

/** Chronic problems unrelated to HSG contraindications. */
const PROBLEMS = [
  { code: '38341003', display: 'Hypertensive disorder' },
  { code: '55822004', display: 'Hyperlipidemia' },
  { code: '195967001', display: 'Asthma' },
] as const;

/**
 * A transaction Bundle (PUT entries, fixed ids, no randomness) holding one Patient and many resources
 * that no HSG rule cares about, so scale tests can check that server-side filtering keeps transfers small.
 */
export function generateLargeRecord(
  patientId: string,
  counts: { observations: number; conditions: number },
): Bundle {
  const patient: Patient = {
    resourceType: 'Patient',
    id: patientId,
    gender: 'female',
    birthDate: '1990-01-01',
  };
  const resources: FhirResource[] = [patient];
  for (let i = 0; i < counts.observations; i++) resources.push(vitalSign(patientId, i));
  for (let i = 0; i < counts.conditions; i++) resources.push(chronicCondition(patientId, i));
  return { resourceType: 'Bundle', type: 'transaction', entry: resources.map(putEntry) };
}

function vitalSign(patientId: string, i: number): Observation {
  const vital = VITALS[i % VITALS.length] ?? VITALS[0];
  return {
    resourceType: 'Observation',
    id: `${patientId}-vital-${i}`,
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'vital-signs',
          },
        ],
      },
    ],
    code: { coding: [{ system: LOINC, code: vital.code, display: vital.display }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: hoursAfterStart(i * 6),
    valueQuantity: {
      value: vital.base + (i % vital.spread),
      unit: vital.unit,
      system: 'http://unitsofmeasure.org',
      code: vital.unit,
    },
  };
}

function chronicCondition(patientId: string, i: number): Condition {
  const problem = PROBLEMS[i % PROBLEMS.length] ?? PROBLEMS[0];
  return {
    resourceType: 'Condition',
    id: `${patientId}-problem-${i}`,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    code: { coding: [{ system: SNOMED, code: problem.code, display: problem.display }] },
    subject: { reference: `Patient/${patientId}` },
    onsetDateTime: hoursAfterStart(i * 24 * 7).slice(0, 10),
    recordedDate: hoursAfterStart(i * 24 * 7).slice(0, 10),
  };
}

function hoursAfterStart(hours: number): string {
  return new Date(FIRST_DAY + (hours % MAX_HOURS) * HOUR_MS).toISOString();
}

function putEntry(resource: FhirResource): BundleEntry {
  return { resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id ?? ''}` } };
}
