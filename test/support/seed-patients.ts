import type { Bundle, Condition, FhirResource, Observation } from 'fhir/r4.js';

/** A transaction Bundle that PUTs the resources with their fixed ids. */
export function transaction(resources: readonly FhirResource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
    })),
  };
}

const SNOMED = 'http://snomed.info/sct';

/** An active "female infertility, unspecified" (N97.9) Condition: the usual indication for HSG. */
export function infertilityCondition(patientId: string): Condition {
  return {
    resourceType: 'Condition',
    id: `${patientId}-infertility`,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    code: {
      coding: [
        {
          system: 'http://hl7.org/fhir/sid/icd-10-cm',
          code: 'N97.9',
          display: 'Female infertility, unspecified',
        },
      ],
    },
    subject: { reference: `Patient/${patientId}` },
  };
}

/** A final qualitative serum hCG (LOINC 2118-8) taken at `when`. */
export function serumHcg(patientId: string, when: Date, result: 'positive' | 'negative'): Observation {
  return {
    resourceType: 'Observation',
    id: `${patientId}-hcg`,
    status: 'final',
    code: {
      coding: [
        {
          system: 'http://loinc.org',
          code: '2118-8',
          display: 'Choriogonadotropin (pregnancy test) [Presence] in Serum or Plasma',
        },
      ],
    },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: when.toISOString(),
    valueCodeableConcept: {
      coding:
        result === 'positive'
          ? [{ system: SNOMED, code: '10828004', display: 'Positive' }]
          : [{ system: SNOMED, code: '260385009', display: 'Negative' }],
    },
  };
}

/** A small synthetic patient with a positive serum hCG two days before `now`. */
export function pregnantPatient(id: string, now: Date): FhirResource[] {
  return [
    {
      resourceType: 'Patient',
      id,
      gender: 'female',
      birthDate: '1992-03-04',
      name: [{ text: 'Synthetic — pregnant' }],
    },
    serumHcg(id, new Date(now.getTime() - 2 * 86400000), 'positive'),
    infertilityCondition(id),
    {
      resourceType: 'AllergyIntolerance',
      id: `${id}-nka`,
      code: { coding: [{ system: SNOMED, code: '716186003', display: 'No known allergy' }] },
      patient: { reference: `Patient/${id}` },
    },
  ];
}
