import { describe, expect, test } from '@jest/globals';
import type { AllergyIntolerance, Condition } from 'fhir/r4.js';
import { conditionState, isAllergyCurrent, isAllergyUnconfirmed } from './record-status.js';

const status = (code: string) => ({ coding: [{ code }] });

function condition(fields: Record<string, unknown>): Condition {
  return { resourceType: 'Condition', subject: { reference: 'Patient/p' }, ...fields } as Condition;
}

describe('conditionState', () => {
  test.each([
    ['active', { clinicalStatus: status('active') }, 'active'],
    ['relapse', { clinicalStatus: status('relapse') }, 'active'],
    ['resolved', { clinicalStatus: status('resolved') }, 'inactive'],
    ['no status, not abated', {}, 'active'],
    ['no status, abated', { abatementDateTime: '2026-01-01' }, 'inactive'],
    ['refuted', { clinicalStatus: status('active'), verificationStatus: status('refuted') }, 'excluded'],
    [
      'entered in error among other codings',
      { verificationStatus: { coding: [null, { code: 'entered-in-error' }] } },
      'excluded',
    ],
    ['STU3 plain code: resolved', { clinicalStatus: 'resolved' }, 'inactive'],
    ['STU3 plain code: active', { clinicalStatus: 'active' }, 'active'],
    ['malformed status: read as no status', { clinicalStatus: { coding: 'active' } }, 'active'],
  ])('%s', (_name, fields, expected) => {
    expect(conditionState(condition(fields))).toBe(expected);
  });
});

describe('allergy status', () => {
  const allergy = (fields: Record<string, unknown>) =>
    ({
      resourceType: 'AllergyIntolerance',
      patient: { reference: 'Patient/p' },
      ...fields,
    }) as AllergyIntolerance;

  test('current unless inactive, resolved, refuted or entered in error', () => {
    expect(isAllergyCurrent(allergy({}))).toBe(true);
    expect(isAllergyCurrent(allergy({ clinicalStatus: status('active') }))).toBe(true);
    expect(isAllergyCurrent(allergy({ clinicalStatus: status('resolved') }))).toBe(false);
    expect(isAllergyCurrent(allergy({ verificationStatus: status('refuted') }))).toBe(false);
  });

  test('unconfirmed is read from the verification status', () => {
    expect(isAllergyUnconfirmed(allergy({ verificationStatus: status('unconfirmed') }))).toBe(true);
    expect(isAllergyUnconfirmed(allergy({ verificationStatus: status('confirmed') }))).toBe(false);
  });
});
