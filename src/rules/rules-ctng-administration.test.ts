/**
 * Chlamydia/gonorrhoea treatment read from MedicationAdministration (issue 17, patient safety: "Read treatment from
 * MedicationRequest/MedicationAdministration where present"). A dose of a ctng-treatment medication given (completed
 * or in progress) on or after the day of the positive NAAT is documented treatment, dated when given; the 7-day
 * abstinence and 180-day follow-up windows then apply as for a prescription (CDC STI Treatment Guidelines 2021, [S22]).
 */
import { describe, expect, test } from '@jest/globals';
import type { MedicationAdministration, MedicationRequest } from 'fhir/r4.js';
import {
  code,
  daysAgo,
  expectCaseWithNegativeHcg,
  medicationAdministration,
  medicationRequest,
  observation,
  POSITIVE,
  SYSTEM,
  type RuleCase,
} from '../../test/support/rules-fixtures.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';

const knowledge = loadKnowledge();
const CT_RNA = code(SYSTEM.loinc, '43304-5', 'Chlamydia trachomatis rRNA [Presence] in Specimen by NAA');
const NG_RNA = code(SYSTEM.loinc, '43305-2', 'Neisseria gonorrhoeae rRNA [Presence] in Specimen by NAA');
const positive = (test: ReturnType<typeof code>, days: number) =>
  observation(test, { coded: POSITIVE }, { date: daysAgo(days) });
const given = (
  days: number,
  status: MedicationAdministration['status'] = 'completed',
  text = 'Ceftriaxone 500 mg IM once',
) => medicationAdministration(text, status, daysAgo(days));

/** A dose recorded with a period (an infusion, say) rather than a point in time. */
function givenOverPeriod(days: number): MedicationAdministration {
  const { effectiveDateTime: _dropped, ...rest } = given(days);
  return { ...rest, effectivePeriod: { start: daysAgo(days), end: daysAgo(days) } };
}

/** A Medication contained in the resource and referenced as `#med`, as some EHRs send it. */
function withContainedMedication<T extends MedicationRequest | MedicationAdministration>(
  resource: T,
  text: string,
): T {
  const { medicationCodeableConcept: _dropped, ...rest } = resource;
  return {
    ...rest,
    contained: [{ resourceType: 'Medication', id: 'med', code: { text } }],
    medicationReference: { reference: '#med' },
  } as T;
}

const cases: RuleCase[] = [
  {
    name: 'gonorrhoea positive 30 days ago, ceftriaxone given 28 days ago (completed): treated, warning',
    input: { observations: [positive(NG_RNA, 30)], medicationAdministrations: [given(28)] },
    expected: 'warning',
  },
  {
    name: 'a dose in progress counts as given',
    input: { observations: [positive(NG_RNA, 30)], medicationAdministrations: [given(28, 'in-progress')] },
    expected: 'warning',
  },
  {
    name: 'positive 10 days ago, ceftriaxone given 2 days ago: within the 7-day abstinence, critical',
    input: { observations: [positive(NG_RNA, 10)], medicationAdministrations: [given(2)] },
    expected: 'critical',
  },
  {
    name: 'effectivePeriod.start is the date given when there is no effectiveDateTime',
    input: { observations: [positive(NG_RNA, 30)], medicationAdministrations: [givenOverPeriod(28)] },
    expected: 'warning',
  },
  {
    name: 'a dose not given (not-done) is not treatment',
    input: { observations: [positive(NG_RNA, 30)], medicationAdministrations: [given(28, 'not-done')] },
    expected: 'critical',
  },
  {
    name: 'a dose entered in error is not treatment',
    input: {
      observations: [positive(NG_RNA, 30)],
      medicationAdministrations: [given(28, 'entered-in-error')],
    },
    expected: 'critical',
  },
  {
    name: 'a stopped dose is not treatment',
    input: { observations: [positive(NG_RNA, 30)], medicationAdministrations: [given(28, 'stopped')] },
    expected: 'critical',
  },
  {
    name: 'a dose given before the positive result is not its treatment',
    input: { observations: [positive(CT_RNA, 10)], medicationAdministrations: [given(40)] },
    expected: 'critical',
  },
  {
    name: 'a dose without a date is not treatment',
    input: {
      observations: [positive(CT_RNA, 30)],
      medicationAdministrations: [medicationAdministration('Ceftriaxone 500 mg IM', 'completed')],
    },
    expected: 'critical',
  },
  {
    name: 'a dose of a medication outside ctng-treatment is not treatment',
    input: {
      observations: [positive(CT_RNA, 30)],
      medicationAdministrations: [given(28, 'completed', 'Ibuprofen 400 mg')],
    },
    expected: 'critical',
  },
  {
    name: 'doxycycline as a contained Medication (medicationReference #med) given 28 days ago: warning',
    input: {
      observations: [positive(CT_RNA, 30)],
      medicationAdministrations: [withContainedMedication(given(28), 'Doxycycline hyclate 100 mg')],
    },
    expected: 'warning',
  },
  {
    name: 'a prescription with a contained Medication is read the same way',
    input: {
      observations: [positive(CT_RNA, 30)],
      medicationRequests: [
        withContainedMedication(medicationRequest('x', 'completed', daysAgo(28)), 'Azithromycin 1 g once'),
      ],
    },
    expected: 'warning',
  },
  {
    name: 'prescribed 28 days ago, given 3 days ago: the first documented treatment dates it, warning',
    input: {
      observations: [positive(CT_RNA, 30)],
      medicationRequests: [medicationRequest('Doxycycline 100 mg', 'completed', daysAgo(28))],
      medicationAdministrations: [given(3, 'completed', 'Doxycycline 100 mg')],
    },
    expected: 'warning',
  },
];

describe('pelvic-infection: CT/NG treatment from MedicationAdministration', () => {
  test.each(cases)('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'pelvic-infection', c);
  });

  test('the card names the dose given, its status and date', () => {
    const finding = expectCaseWithNegativeHcg(knowledge, 'pelvic-infection', cases[0]!);
    expect(finding?.summary).toBe(
      `Chlamydia/gonorrhoea treated on ${daysAgo(28).slice(0, 10)}: confirm cure and partner treatment before HSG`,
    );
    const treatment = finding?.evidence.find((e) => e.resourceType === 'MedicationAdministration');
    expect(treatment).toMatchObject({
      description: 'Treatment given: Ceftriaxone 500 mg IM once (completed)',
      date: daysAgo(28).slice(0, 10),
    });
    expect(treatment?.reference).toMatch(/^MedicationAdministration\//);
    expect(finding?.evidence.map((e) => e.resourceType)).toEqual(['Observation', 'MedicationAdministration']);
  });

  test('screening-incomplete names the treatment check when administrations could not be had', () => {
    const finding = expectCaseWithNegativeHcg(knowledge, 'screening-incomplete', {
      name: 'administrations unavailable',
      input: { unavailable: ['medication-administrations'] },
      expected: 'warning',
    });
    expect(finding?.summary).toBe(
      'Medication administrations could not be retrieved: chlamydia/gonorrhoea treatment given not checked',
    );
  });
});
