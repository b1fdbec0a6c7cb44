import { describe, expect, test } from '@jest/globals';
import {
  draftServiceRequest,
  code,
  condition,
  daysAgo,
  expectCase,
  expectCaseWithNegativeHcg,
  hsgOrder,
  icd,
  lmpForCycleDay,
  negativeHcgYesterday,
  observation,
  procedure,
  SCHEDULED,
  SYSTEM,
  type RuleCase,
} from '../../test/support/rules-fixtures.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';

const knowledge = loadKnowledge();
const D_AND_C = code(SYSTEM.cpt, '58120', 'Dilation and curettage');
const TSH = code(SYSTEM.loinc, '3016-3', 'Thyrotropin [Units/volume] in Serum or Plasma');
const tsh = (days: number) => observation(TSH, { quantity: 1.8, unit: 'm[IU]/L' }, { date: daysAgo(days) });
const oil = [hsgOrder({ contrast: 'oil' })];

const cycleCases: RuleCase[] = [
  { name: 'cycle day 21', input: { observations: [lmpForCycleDay(21)] }, expected: 'warning' },
  { name: 'cycle day 3 (menses)', input: { observations: [lmpForCycleDay(3)] }, expected: 'warning' },
  {
    name: 'LMP 48 days before: no cycle day across a cycle boundary, info (review 3.8)',
    input: { observations: [lmpForCycleDay(49)] },
    expected: 'info',
  },
  {
    name: 'unscheduled order: info, counted from today',
    input: { orders: [hsgOrder({ scheduled: null })], observations: [lmpForCycleDay(21)] },
    expected: 'info',
  },
  {
    name: 'configured window 5-9, day 11',
    input: { cycleDayWindow: { first: 5, last: 9 }, observations: [lmpForCycleDay(11)] },
    expected: 'warning',
  },
  { name: 'cycle day 9', input: { observations: [lmpForCycleDay(9)] }, expected: 'none' },
  {
    name: 'cycle day 6 (first day of the window)',
    input: { observations: [lmpForCycleDay(6)] },
    expected: 'none',
  },
  {
    name: 'cycle day 12 (last day of the window)',
    input: { observations: [lmpForCycleDay(12)] },
    expected: 'none',
  },
  { name: 'no LMP', input: {}, expected: 'none' },
  {
    name: 'LMP entered in error',
    input: { observations: [lmpForCycleDay(21, { status: 'entered-in-error' })] },
    expected: 'none',
  },
];

const current = { onset: daysAgo(3) };
const bleedingCases: RuleCase[] = [
  {
    name: 'N93.9 with onset 3 days ago (current bleeding)',
    input: { conditions: [condition(icd('N93.9'), current)] },
    expected: 'warning',
  },
  {
    name: 'current N92.0 with oil-based contrast (Lipiodol label: intrauterine bleeding)',
    input: { orders: oil, conditions: [condition(icd('N92.0'), current)] },
    expected: 'critical',
  },
  {
    name: 'SIS for infertility with current bleeding',
    input: { orders: [hsgOrder({ kind: 'sis' })], conditions: [condition(icd('N93.9'), current)] },
    expected: 'warning',
  },
  {
    name: 'SIS ordered for N93.9 (AUB is its commonest indication, ACOG TA 3 and 8)',
    input: {
      orders: [hsgOrder({ kind: 'sis', reasons: [icd('N93.9')] })],
      conditions: [condition(icd('N93.9'), current)],
    },
    expected: 'none',
  },
  {
    name: 'SIS ordered for postmenopausal bleeding N95.0 (reasonCode)',
    input: {
      orders: [hsgOrder({ kind: 'sis', reasons: [icd('N95.0')] })],
      conditions: [condition(icd('N95.0'), current)],
    },
    expected: 'none',
  },
  {
    name: 'chronic N92.0 on the problem list since 200 days (not bleeding now, review 3.9)',
    input: { conditions: [condition(icd('N92.0'), { onset: daysAgo(200) })] },
    expected: 'none',
  },
  {
    name: 'undated N93.9 on the problem list, oil-based contrast',
    input: { orders: oil, conditions: [condition(icd('N93.9'))] },
    expected: 'none',
  },
  {
    name: 'resolved N93.9',
    input: { conditions: [condition(icd('N93.9'), { clinical: 'resolved' })] },
    expected: 'none',
  },
];

const recentCases: RuleCase[] = [
  {
    name: 'D&C 12 days before',
    input: { procedures: [procedure(D_AND_C, daysAgo(11))] },
    expected: 'warning',
  },
  {
    name: 'D&C 12 days before, oil-based contrast',
    input: { orders: oil, procedures: [procedure(D_AND_C, daysAgo(11))] },
    expected: 'critical',
  },
  {
    name: 'SNOMED dilation and curettage',
    input: { procedures: [procedure(code(SYSTEM.sct, '13091001'), daysAgo(5))] },
    expected: 'warning',
  },
  {
    name: 'vaginal delivery 40 days before',
    input: { procedures: [procedure(code(SYSTEM.cpt, '59409'), daysAgo(39))] },
    expected: 'warning',
  },
  {
    name: 'resolved miscarriage O03.9, 20 days ago',
    input: { conditions: [condition(icd('O03.9'), { clinical: 'resolved', onset: daysAgo(20) })] },
    expected: 'warning',
  },
  {
    name: 'postpartum care Z39.2 recorded 30 days ago',
    input: { conditions: [condition(icd('Z39.2'), { recorded: daysAgo(30) })] },
    expected: 'warning',
  },
  {
    name: 'vaginal delivery 45 days before',
    input: { procedures: [procedure(code(SYSTEM.cpt, '59409'), daysAgo(44))] },
    expected: 'none',
  },
  { name: 'D&C 35 days before', input: { procedures: [procedure(D_AND_C, daysAgo(34))] }, expected: 'none' },
  {
    name: 'D&C 10 days ago, procedure in 25 days',
    input: { orders: [hsgOrder({ scheduled: daysAgo(-25) })], procedures: [procedure(D_AND_C, daysAgo(10))] },
    expected: 'none',
  },
  {
    name: 'D&C not done',
    input: { procedures: [procedure(D_AND_C, daysAgo(5), 'not-done')] },
    expected: 'none',
  },
  {
    name: 'miscarriage entered in error',
    input: { conditions: [condition(icd('O03.9'), { verification: 'entered-in-error', onset: daysAgo(5) })] },
    expected: 'none',
  },
];

const thyroidCases: RuleCase[] = [
  {
    name: 'oil-based contrast with active Graves disease E05.00',
    input: { orders: oil, conditions: [condition(icd('E05.00'))], observations: [tsh(30)] },
    expected: 'critical',
  },
  { name: 'oil-based contrast and no TSH', input: { orders: oil }, expected: 'warning' },
  {
    name: 'oil-based contrast and TSH 13 months ago',
    input: { orders: oil, observations: [tsh(396)] },
    expected: 'warning',
  },
  {
    name: 'oil-based contrast and TSH 6 months ago',
    input: { orders: oil, observations: [tsh(180)] },
    expected: 'none',
  },
  {
    name: 'water-soluble contrast with hyperthyroidism',
    input: { conditions: [condition(icd('E05.00'))] },
    expected: 'none',
  },
  {
    name: 'oil-based contrast and a TSH already drafted',
    input: {
      orders: oil,
      otherDrafts: [draftServiceRequest(TSH, 'tsh')],
    },
    expected: 'none',
  },
  {
    name: 'oil-based contrast, observations unavailable',
    input: { orders: oil, unavailable: ['observations'] },
    expected: 'none',
  },
];

describe('cycle-timing', () => {
  test.each(cycleCases)('$name → $expected', ({ name, input, expected }) => {
    expectCaseWithNegativeHcg(knowledge, 'cycle-timing', { name, input, expected });
  });

  test('the summary names the cycle day, the LMP and the window', () => {
    const finding = expectCase(knowledge, 'cycle-timing', {
      ...cycleCases[0]!,
      input: { observations: [negativeHcgYesterday(), lmpForCycleDay(21)] },
    });
    expect(finding?.summary).toBe(
      `HSG on cycle day 21 (LMP ${daysAgo(19).slice(0, 10)}): outside days 6-12; schedule after menses, before ovulation`,
    );
    expect(SCHEDULED.startsWith(daysAgo(-1).slice(0, 10))).toBe(true);
  });
});

describe('uterine-bleeding', () => {
  test.each(bleedingCases)('$name → $expected', ({ name, input, expected }) => {
    expectCaseWithNegativeHcg(knowledge, 'uterine-bleeding', { name, input, expected });
  });
});

describe('recent-uterine-procedure', () => {
  test.each(recentCases)('$name → $expected', ({ name, input, expected }) => {
    expectCaseWithNegativeHcg(knowledge, 'recent-uterine-procedure', { name, input, expected });
  });
});

describe('oil-contrast-thyroid', () => {
  test.each(thyroidCases)('$name → $expected', ({ name, input, expected }) => {
    expectCase(knowledge, 'oil-contrast-thyroid', { name, input, expected });
  });
});
