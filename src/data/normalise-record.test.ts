import type { FhirResource } from 'fhir/r4.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { buildPrefetchPlan } from '../services/prefetch-plan.js';
import { normaliseRecord } from './normalise-record.js';

const plan = buildPrefetchPlan(loadKnowledge());

const observation = (id: string, system: string, code: string, patient = 'p1'): FhirResource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system, code }] },
  subject: { reference: `Patient/${patient}` },
});

describe('normaliseRecord', () => {
  it('keeps only resources of the right type, for this patient, that the query asked for', () => {
    const record = normaliseRecord(
      'p1',
      {
        observations: [
          observation('hcg', 'http://loinc.org', '2118-8'),
          observation('bp', 'http://loinc.org', '85354-9'),
          observation('race', 'urn:oid:2.16.840.1.113883.6.238', '2106-3'),
          observation('other-patient', 'http://loinc.org', '2118-8', 'p2'),
          { resourceType: 'Condition', id: 'c', subject: { reference: 'Patient/p1' } } as FhirResource,
        ],
        conditions: [
          {
            resourceType: 'Condition',
            id: 'c1',
            subject: { reference: 'https://ehr.example.org/fhir/Patient/p1' },
          },
        ],
      },
      new Map([['allergies', 'the FHIR server answered HTTP 500']]),
      plan,
    );
    expect(record.observations.map((o) => o.id)).toEqual(['hcg']);
    expect(record.conditions.map((c) => c.id)).toEqual(['c1']);
    expect(record.unavailable.get('allergies')).toMatch(/500/);
  });

  it('reads MedicationAdministrations into their own list, for this patient only', () => {
    const administration = (id: string, patient: string): FhirResource => ({
      resourceType: 'MedicationAdministration',
      id,
      status: 'completed',
      medicationCodeableConcept: { text: 'Ceftriaxone 500 mg IM' },
      subject: { reference: `Patient/${patient}` },
      effectiveDateTime: '2026-11-01',
    });
    const record = normaliseRecord(
      'p1',
      {
        'medication-administrations': [
          administration('given', 'p1'),
          administration('other-patient', 'p2'),
          {
            resourceType: 'MedicationRequest',
            id: 'mr',
            subject: { reference: 'Patient/p1' },
          } as FhirResource,
        ],
      },
      new Map(),
      plan,
    );
    expect(record.medicationAdministrations.map((a) => a.id)).toEqual(['given']);
    expect(record.medicationRequests).toEqual([]);
  });
});
