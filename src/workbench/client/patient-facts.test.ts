import { describe, expect, test } from '@jest/globals';
import type { FhirResource } from 'fhir/r4.js';
import { describePatient, summariseRecord } from './patient-facts.js';

const resources: FhirResource[] = [
  {
    resourceType: 'Observation',
    id: 'old',
    status: 'final',
    code: { text: 'hCG' },
    effectiveDateTime: '2026-10-01',
    valueQuantity: { value: 2, unit: 'mIU/mL' },
  },
  {
    resourceType: 'Observation',
    id: 'new',
    status: 'final',
    code: { coding: [{ code: '2118-8', display: 'hCG serum' }] },
    effectiveDateTime: '2026-11-28T10:00:00Z',
    valueCodeableConcept: { coding: [{ code: '10828004', display: 'Positive' }] },
  },
  {
    resourceType: 'AllergyIntolerance',
    id: 'a',
    patient: {},
    code: { text: 'Iodinated contrast media' },
    criticality: 'high',
    reaction: [{ severity: 'severe', manifestation: [{ text: 'Anaphylaxis' }] }],
  },
];

describe('summariseRecord', () => {
  test('groups the facts the rules read, newest first, with values and dates', () => {
    const groups = summariseRecord([...resources, resources[0] as FhirResource]);
    expect(groups.map((g) => g.title)).toEqual([
      'Pregnancy tests and other observations',
      'Conditions',
      'Allergies',
      'Procedures',
      'Medications',
      'Pending orders in the chart',
    ]);
    expect(groups[0]?.facts).toEqual([
      { text: 'hCG serum', value: 'Positive · final', date: '2026-11-28' },
      { text: 'hCG', value: '2 mIU/mL · final', date: '2026-10-01' },
    ]);
    expect(groups[2]?.facts).toEqual([
      { text: 'Iodinated contrast media', value: 'criticality high · severe · Anaphylaxis', date: undefined },
    ]);
    expect(groups[1]?.facts).toEqual([]);
  });

  test('dates a fact as the rules (and so the cards) date it', () => {
    const [, conditions, , procedures] = summariseRecord([
      {
        resourceType: 'Condition',
        id: 'c',
        subject: {},
        code: { text: 'Pregnancy' },
        onsetPeriod: { start: '2026-11-20' },
        recordedDate: '2026-11-25',
      },
      {
        resourceType: 'Procedure',
        id: 'p',
        status: 'completed',
        subject: {},
        code: { text: 'Dilation and curettage' },
        performedPeriod: { start: '2026-11-01T22:00:00Z', end: '2026-11-02T01:00:00Z' },
      },
    ]);
    expect(conditions?.facts[0]?.date).toBe('2026-11-20');
    expect(procedures?.facts[0]?.date).toBe('2026-11-02');
  });

  test('describes the patient briefly', () => {
    expect(describePatient({ resourceType: 'Patient', gender: 'female', birthDate: '1990-01-01' })).toBe(
      'female · born 1990-01-01',
    );
    expect(describePatient(undefined)).toBe('');
  });
});
