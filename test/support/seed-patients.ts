import type { Bundle, FhirResource } from 'fhir/r4.js';

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

/** A small synthetic patient with a positive serum hCG two days before `now`. */
export function pregnantPatient(id: string, now: Date): FhirResource[] {
  const twoDaysAgo = new Date(now.getTime() - 2 * 86400000).toISOString();
  return [
    {
      resourceType: 'Patient',
      id,
      gender: 'female',
      birthDate: '1992-03-04',
      name: [{ text: 'Synthetic — pregnant' }],
    },
    {
      resourceType: 'Observation',
      id: `${id}-hcg`,
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
      subject: { reference: `Patient/${id}` },
      effectiveDateTime: twoDaysAgo,
      valueCodeableConcept: {
        coding: [{ system: 'http://snomed.info/sct', code: '10828004', display: 'Positive' }],
      },
    },
    {
      resourceType: 'Condition',
      id: `${id}-infertility`,
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
      subject: { reference: `Patient/${id}` },
    },
    {
      resourceType: 'AllergyIntolerance',
      id: `${id}-nka`,
      code: {
        coding: [{ system: 'http://snomed.info/sct', code: '716186003', display: 'No known allergy' }],
      },
      patient: { reference: `Patient/${id}` },
    },
  ];
}
