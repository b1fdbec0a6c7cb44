/**
 * Latex, IUD, SIS preparation, SIS cycle window and card gating after the independent clinical review
 * (clinical-review.md 3.7, 3.8, 3.13, 3.16, section 4 and section 5 items 7, 10, 12, 13, 17, 19).
 */
import { describe, expect, test } from '@jest/globals';
import {
  allergy,
  code,
  condition,
  expectCaseWithNegativeHcg,
  hsgOrder,
  icd,
  lmpForCycleDay,
  negativeHcgYesterday,
  procedure,
  screeningInput,
  sct,
  SYSTEM,
  type RuleCase,
} from '../../test/support/rules-fixtures.js';
import { findBillingCodes } from '../billing/index.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { evaluateRules } from './evaluate-rules.js';
import { gateFindings } from './gate-findings.js';
import type { ScreeningInput } from './types.js';

const knowledge = loadKnowledge();
const sis = [hsgOrder({ kind: 'sis' })];

const latexCases: RuleCase[] = [
  {
    name: 'latex allergy (SNOMED 111088007), HSG',
    input: { allergies: [allergy(sct('111088007'))] },
    expected: 'warning',
  },
  {
    name: 'latex allergy, SIS (probe covers)',
    input: { orders: sis, allergies: [allergy('Latex')] },
    expected: 'warning',
  },
  {
    name: 'Z91.040 latex allergy status as a Condition',
    input: { conditions: [condition(icd('Z91.040'))] },
    expected: 'warning',
  },
  {
    name: 'refuted latex allergy',
    input: { allergies: [allergy('Latex', { verification: 'refuted' })] },
    expected: 'none',
  },
];

const iudCases: RuleCase[] = [
  { name: 'Z97.5 IUD in place', input: { conditions: [condition(icd('Z97.5'))] }, expected: 'warning' },
  {
    name: 'IUD resolved (removed)',
    input: { conditions: [condition(icd('Z97.5'), { clinical: 'resolved' })] },
    expected: 'none',
  },
];

const prepCases: RuleCase[] = [
  {
    name: 'SIS with a povidone-iodine allergy: iodine-free cervical prep ([S24])',
    input: { orders: sis, allergies: [allergy(sct('294916006', 'Allergy to povidone iodine'))] },
    expected: 'info',
  },
  {
    name: 'SIS with a shellfish allergy only: nothing to say',
    input: { orders: sis, allergies: [allergy('Shellfish')] },
    expected: 'none',
  },
];

const sisCycleCases: RuleCase[] = [
  {
    name: 'SIS on cycle day 11: outside the SIS window 4-10',
    input: { orders: sis, observations: [lmpForCycleDay(11)] },
    expected: 'warning',
  },
  { name: 'SIS on cycle day 5', input: { orders: sis, observations: [lmpForCycleDay(5)] }, expected: 'none' },
  {
    name: 'SIS on cycle day 11 with SIS_CYCLE_DAY_WINDOW 4-12',
    input: { orders: sis, sisCycleDayWindow: { first: 4, last: 12 }, observations: [lmpForCycleDay(11)] },
    expected: 'none',
  },
  {
    name: 'postmenopausal SIS: any time ([S24])',
    input: { orders: sis, conditions: [condition(icd('N95.1'))], observations: [lmpForCycleDay(20)] },
    expected: 'none',
  },
];

describe('latex-allergy (judgment, [S27])', () => {
  test.each(latexCases)('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'latex-allergy', c);
  });

  test('the card says it is a judgment', () => {
    const finding = expectCaseWithNegativeHcg(knowledge, 'latex-allergy', latexCases[1]!);
    expect(finding?.summary).toMatch(/probe covers/);
    expect(finding?.explanation).toMatch(/judgment/);
  });
});

describe('contrast-allergy severity from the reaction, not a default criticality (review 3.6, P2 item 15)', () => {
  test.each([
    {
      name: 'criticality high but mild hives recorded',
      input: {
        allergies: [
          allergy(sct('426722004'), {
            criticality: 'high',
            reaction: { manifestation: 'Hives', severity: 'mild' },
          }),
        ],
      },
      expected: 'warning' as const,
    },
    {
      name: 'criticality high and no reaction described',
      input: { allergies: [allergy(sct('426722004'), { criticality: 'high' })] },
      expected: 'critical' as const,
    },
  ])('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'contrast-allergy', c);
  });
});

describe('intrauterine-device (KB §2.9, judgment)', () => {
  test.each(iudCases)('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'intrauterine-device', c);
  });
});

describe('iodine-allergy-not-contraindication for SIS', () => {
  test.each(prepCases)('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'iodine-allergy-not-contraindication', c);
  });
});

describe('cycle-timing for SIS', () => {
  test.each(sisCycleCases)('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'cycle-timing', c);
  });
});

describe('summaries stay under 140 characters with the longest procedure name', () => {
  test.each(['oil', 'none'] as const)(
    'selective salpingography, contrast %s, every risk on record',
    (contrast) => {
      const input = screeningInput(knowledge, {
        orders: [hsgOrder({ kind: 'selective-salpingography', contrast })],
        birthDate: '2009-01-01',
        conditions: [
          condition(icd('N86')),
          condition('Asthma'),
          condition('COPD'),
          condition('Breast-feeding'),
          condition(icd('E06.3')),
          condition(icd('N70.11')),
          condition(icd('Z97.5')),
          condition(icd('C56.1')),
        ],
        allergies: [
          allergy(sct('426722004'), { criticality: 'high' }),
          allergy('Latex'),
          allergy('Doxycycline'),
        ],
        observations: [lmpForCycleDay(140)],
      });
      const findings = evaluateRules(input);
      expect(findings.length).toBeGreaterThanOrEqual(8);
      for (const finding of findings)
        expect([finding.kind, finding.summary.length <= 139]).toEqual([finding.kind, true]);
    },
  );
});

describe('gateFindings', () => {
  const kindsOf = (input: ScreeningInput) =>
    gateFindings([...evaluateRules(input), ...findBillingCodes(input)], input).map((f) => f.kind);

  test('order-select: no pregnancy-test-needed and no billing card', () => {
    const input = screeningInput(knowledge, { hook: 'order-select' });
    expect(kindsOf(input)).toEqual([]);
  });

  test('order-sign: the pregnancy-test card and the billing card', () => {
    expect(kindsOf(screeningInput(knowledge, {})).sort()).toEqual(['billing-codes', 'pregnancy-test-needed']);
  });

  test('ctng-screening is for order-sign only', () => {
    const young = { birthDate: '2004-06-01', observations: [negativeHcgYesterday()] };
    expect(kindsOf(screeningInput(knowledge, { ...young, hook: 'order-select' }))).toEqual([]);
    expect(kindsOf(screeningInput(knowledge, young))).toContain('ctng-screening');
  });

  test('order-select with BILLING_CARD_ON_ORDER_SELECT', () => {
    const input = screeningInput(knowledge, { hook: 'order-select' });
    expect(kindsOf({ ...input, settings: { ...input.settings, billingCardOnOrderSelect: true } })).toEqual([
      'billing-codes',
    ]);
  });

  test('no-uterus suppresses the other cards about the order, but not screening-incomplete', () => {
    const input = screeningInput(knowledge, {
      conditions: [condition(icd('Z90.710')), condition(icd('N73.9'))],
      procedures: [procedure(code(SYSTEM.cpt, '58150'), '2021-05-01')],
      observations: [lmpForCycleDay(21), negativeHcgYesterday()],
      unavailable: ['allergies'],
    });
    expect(kindsOf(input).sort()).toEqual(['no-uterus', 'screening-incomplete']);
  });
});
