import { getSearchParameter } from '@medplum/core';
import { loadFhirDefinitions, ownBranches, splitTopLevelUnion } from './fhir-definitions.js';

describe('splitTopLevelUnion', () => {
  it('splits only on | outside parentheses and string literals', () => {
    expect(splitTopLevelUnion("A.b | (C.d as X) | E.f.where(g = 'x|y' or (h | i).exists())")).toEqual([
      'A.b',
      '(C.d as X)',
      "E.f.where(g = 'x|y' or (h | i).exists())",
    ]);
  });
});

describe('ownBranches', () => {
  it('keeps the branches for the given type, bare or parenthesised', () => {
    expect(
      ownBranches('Condition.subject | (Observation.value as Quantity) | Observation.subject', 'Observation'),
    ).toBe('(Observation.value as Quantity) | Observation.subject');
  });

  it('leaves single-branch, all-own and no-own expressions alone', () => {
    expect(ownBranches('Observation.subject', 'Observation')).toBeUndefined();
    expect(ownBranches('Resource.id | Resource.meta', 'Observation')).toBeUndefined();
    expect(ownBranches('Observation.a | Observation.b', 'Observation')).toBeUndefined();
    expect(ownBranches('Medication.code | MedicationRequest.code', 'Medication')).toBe('Medication.code');
  });
});

describe('loadFhirDefinitions', () => {
  it('leaves each type only its own branch of shared parameters and is safe to call twice', () => {
    loadFhirDefinitions();
    loadFhirDefinitions();
    expect(getSearchParameter('Observation', 'patient')?.expression).toBe(
      'Observation.subject.where(resolve() is Patient)',
    );
    expect(getSearchParameter('Condition', 'code')?.expression).toBe('Condition.code');
    expect(getSearchParameter('Procedure', 'date')?.expression).toBe('Procedure.performed');
    expect(getSearchParameter('Observation', 'patient')?.target).toEqual(['Patient']);
  });
});
