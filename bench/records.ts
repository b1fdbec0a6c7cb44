import type { AllergyIntolerance, FhirResource } from 'fhir/r4.js';
import { generateLargeRecord } from '../src/dev/fhir-server/index.js';
import { searchset } from '../test/support/cds-requests.js';
import { infertilityCondition, serumHcg } from '../test/support/seed-patients.js';

/** How big a synthetic record is; the typical record is 40 / 10 / 250. */
export interface RecordSize {
  readonly conditions: number;
  readonly allergies: number;
  readonly observations: number;
}

export const TYPICAL_RECORD: RecordSize = { conditions: 40, allergies: 10, observations: 250 };

const DAY_MS = 86_400_000;

/** Common allergies, none of them to contrast or iodine, so the record raises no allergy card. */
const ALLERGENS = [
  { code: '764146007', display: 'Penicillin' },
  { code: '256349002', display: 'Peanut protein' },
  { code: '111088007', display: 'Latex' },
  { code: '227493005', display: 'Cashew nut' },
  { code: '387207008', display: 'Ibuprofen' },
] as const;

function allergy(patientId: string, i: number): AllergyIntolerance {
  const allergen = ALLERGENS[i % ALLERGENS.length] ?? ALLERGENS[0];
  return {
    resourceType: 'AllergyIntolerance',
    id: `${patientId}-allergy-${i}`,
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
      ],
    },
    code: { coding: [{ system: 'http://snomed.info/sct', ...allergen }] },
    patient: { reference: `Patient/${patientId}` },
  };
}

/**
 * A deterministic record of the given size: vital signs and chronic problems no rule cares about
 * (from the embedded FHIR server's generator), common allergies, plus what a real HSG candidate has:
 * an infertility diagnosis and a negative serum hCG from yesterday.
 */
export function buildRecord(patientId: string, size: RecordSize, now: Date): FhirResource[] {
  const generated = generateLargeRecord(patientId, {
    observations: Math.max(0, size.observations - 1),
    conditions: Math.max(0, size.conditions - 1),
  });
  const resources = (generated.entry ?? []).map((entry) => entry.resource!);
  const allergies = Array.from({ length: size.allergies }, (_, i) => allergy(patientId, i));
  return [
    ...resources,
    infertilityCondition(patientId),
    serumHcg(patientId, new Date(now.getTime() - DAY_MS), 'negative'),
    ...allergies,
  ];
}

/** The record as the service's prefetch keys hold it. */
export function prefetchOf(patientId: string, record: readonly FhirResource[]): Record<string, FhirResource> {
  const ofType = (type: string) => searchset(record.filter((r) => r.resourceType === type));
  const patient = record.find((r) => r.resourceType === 'Patient' && r.id === patientId);
  if (!patient) throw new Error(`the record has no Patient/${patientId}`);
  return {
    patient,
    conditions: ofType('Condition'),
    allergies: ofType('AllergyIntolerance'),
    observations: ofType('Observation'),
    procedures: ofType('Procedure'),
    medications: ofType('MedicationRequest'),
  };
}
