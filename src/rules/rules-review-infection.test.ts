/**
 * Chlamydia/gonorrhoea after the independent clinical review (clinical-review.md 3.4, P1 item 4): an untreated
 * positive NAAT stands until a negative retest for the same organism or documented treatment (CDC STI Treatment
 * Guidelines 2021, [S22]: abstain 7 days after treatment, retest at 3 months).
 */
import { describe, expect, test } from '@jest/globals';
import {
  code,
  daysAgo,
  expectCaseWithNegativeHcg,
  medicationRequest,
  NEGATIVE,
  observation,
  POSITIVE,
  SYSTEM,
  type RuleCase,
} from '../../test/support/rules-fixtures.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';

const knowledge = loadKnowledge();
const CT_RNA = code(SYSTEM.loinc, '43304-5', 'Chlamydia trachomatis rRNA [Presence] in Specimen by NAA');
const CT_URINE_DNA = code(SYSTEM.loinc, '6357-8', 'Chlamydia trachomatis DNA [Presence] in Urine by NAA');
const NG_RNA = code(SYSTEM.loinc, '43305-2', 'Neisseria gonorrhoeae rRNA [Presence] in Specimen by NAA');
const CT_NG_URINE = code(SYSTEM.loinc, '44806-8', 'C trach+N gonorrhoeae DNA [Presence] in Urine by NAA');
const result = (test: ReturnType<typeof code>, positive: boolean, days: number) =>
  observation(test, { coded: positive ? POSITIVE : NEGATIVE }, { date: daysAgo(days) });
const treated = (days: number, text = 'Doxycycline 100 mg twice daily for 7 days') =>
  medicationRequest(text, 'completed', daysAgo(days));

const cases: RuleCase[] = [
  {
    name: 'untreated positive 200 days ago: no expiry',
    input: { observations: [result(CT_RNA, true, 200)] },
    expected: 'critical',
  },
  {
    name: 'positive CT (43304-5), later negative CT under another code (6357-8): superseded by organism',
    input: { observations: [result(CT_RNA, true, 60), result(CT_URINE_DNA, false, 5)] },
    expected: 'none',
  },
  {
    name: 'positive CT, later negative combined CT+NG test: superseded',
    input: { observations: [result(CT_RNA, true, 60), result(CT_NG_URINE, false, 5)] },
    expected: 'none',
  },
  {
    name: 'positive CT, later negative gonorrhoea test only: still stands',
    input: { observations: [result(CT_RNA, true, 60), result(NG_RNA, false, 5)] },
    expected: 'critical',
  },
  {
    name: 'positive combined test, later negative CT only: still stands (organism unknown)',
    input: { observations: [result(CT_NG_URINE, true, 60), result(CT_RNA, false, 5)] },
    expected: 'critical',
  },
  {
    name: 'positive 30 days ago, doxycycline prescribed 28 days ago: treated, warning (confirm cure, partner)',
    input: { observations: [result(CT_RNA, true, 30)], medicationRequests: [treated(28)] },
    expected: 'warning',
  },
  {
    name: 'positive 10 days ago, azithromycin 3 days before the procedure: within the 7-day abstinence, critical',
    input: {
      observations: [result(CT_RNA, true, 10)],
      medicationRequests: [treated(2, 'Azithromycin 1 g once')],
    },
    expected: 'critical',
  },
  {
    name: 'gonorrhoea positive 20 days ago, ceftriaxone 15 days ago: warning',
    input: {
      observations: [result(NG_RNA, true, 20)],
      medicationRequests: [treated(15, 'Ceftriaxone 500 mg IM')],
    },
    expected: 'warning',
  },
  {
    name: 'treated 200 days ago with no retest: silent after 180 days',
    input: { observations: [result(CT_RNA, true, 210)], medicationRequests: [treated(200)] },
    expected: 'none',
  },
  {
    name: 'doxycycline prescribed before the positive result is not its treatment',
    input: { observations: [result(CT_RNA, true, 10)], medicationRequests: [treated(40)] },
    expected: 'critical',
  },
  {
    name: 'a cancelled treatment request is not treatment',
    input: {
      observations: [result(CT_RNA, true, 30)],
      medicationRequests: [medicationRequest('Doxycycline 100 mg', 'cancelled', daysAgo(28))],
    },
    expected: 'critical',
  },
];

describe('pelvic-infection: CT/NG NAAT (review 3.4)', () => {
  test.each(cases)('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'pelvic-infection', c);
  });

  test('the treated card names the treatment and asks for cure and partner treatment', () => {
    const finding = expectCaseWithNegativeHcg(knowledge, 'pelvic-infection', cases[5]!);
    expect(finding?.summary).toBe(
      `Chlamydia/gonorrhoea treated on ${daysAgo(28).slice(0, 10)}: confirm cure and partner treatment before HSG`,
    );
    expect(finding?.evidence.map((e) => e.resourceType)).toEqual(['Observation', 'MedicationRequest']);
    expect(finding?.suggestions).toEqual([]);
  });
});
