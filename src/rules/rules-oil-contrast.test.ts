/**
 * Oil-based contrast (ethiodized oil) after the independent clinical review (clinical-review.md 3.6, 3.8, 3.11 and
 * section 4; P1 items 5-6). Lipiodol US prescribing information [S8]; SELFI [S9]; Rosielle thesis [S10]; H2Oil2
 * [S11]; contrast-induced thyroid dysfunction review [S28]; lactation [S25], [S26].
 */
import { describe, expect, test } from '@jest/globals';
import type { Observation } from 'fhir/r4.js';
import {
  allergy,
  code,
  condition,
  daysAgo,
  expectCaseWithNegativeHcg,
  hsgOrder,
  icd,
  lmpForCycleDay,
  negativeHcgYesterday,
  observation,
  sct,
  SYSTEM,
  type RuleCase,
} from '../../test/support/rules-fixtures.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';

const knowledge = loadKnowledge();
const oil = [hsgOrder({ contrast: 'oil' })];
const TSH = code(SYSTEM.loinc, '3016-3', 'Thyrotropin [Units/volume] in Serum or Plasma');
const tsh = (value: number, range?: { low: number; high: number }): Observation => ({
  ...observation(TSH, { quantity: value, unit: 'm[IU]/L' }, { date: daysAgo(30) }),
  ...(range
    ? {
        referenceRange: [
          { low: { value: range.low, unit: 'mIU/L' }, high: { value: range.high, unit: 'mIU/L' } },
        ],
      }
    : {}),
});

const labelCases: RuleCase[] = [
  {
    name: 'cervical erosion N86: "marked cervical erosion" is a label contraindication',
    input: { orders: oil, conditions: [condition(icd('N86'))] },
    expected: 'critical',
  },
  {
    name: 'asthma (SNOMED 195967001): the label says avoid',
    input: { orders: oil, conditions: [condition(sct('195967001', 'Asthma'))] },
    expected: 'warning',
  },
  {
    name: 'anaphylaxis to peanuts (severe non-contrast allergy): an allergic disorder',
    input: {
      orders: oil,
      allergies: [allergy('Peanut', { reaction: { manifestation: 'Anaphylaxis', severity: 'severe' } })],
    },
    expected: 'warning',
  },
  {
    name: 'mild penicillin rash is not an allergic disorder (judgment)',
    input: { orders: oil, allergies: [allergy('Penicillin', { reaction: { manifestation: 'Rash' } })] },
    expected: 'none',
  },
  {
    name: 'COPD: severely impaired lung function, the label says avoid (Warnings 5.1)',
    input: { orders: oil, conditions: [condition('COPD, severe')] },
    expected: 'warning',
  },
  {
    name: 'patient aged 16: Lipiodol is indicated in adults',
    input: { orders: oil, birthDate: '2010-03-01' },
    expected: 'info',
  },
  {
    name: 'breast-feeding: iodine excess reaches the infant (judgment from [S9], [S26])',
    input: { orders: oil, conditions: [condition('Breast-feeding')] },
    expected: 'info',
  },
  {
    name: 'water-soluble contrast with asthma and erosion: no card',
    input: { conditions: [condition(icd('N86')), condition(sct('195967001'))] },
    expected: 'none',
  },
];

const thyroidCases: RuleCase[] = [
  {
    name: "TSH 0.1 mIU/L: suppressed, the label's hyperthyroidism",
    input: { orders: oil, observations: [tsh(0.1)] },
    expected: 'critical',
  },
  {
    name: 'TSH 8 mIU/L: raised, warning',
    input: { orders: oil, observations: [tsh(8)] },
    expected: 'warning',
  },
  {
    name: 'TSH 2 mIU/L: normal, clears the check',
    input: { orders: oil, observations: [tsh(2)] },
    expected: 'none',
  },
  {
    name: "TSH 4.2 within the lab's own range 0.3-4.5",
    input: { orders: oil, observations: [tsh(4.2, { low: 0.3, high: 4.5 })] },
    expected: 'none',
  },
  {
    name: 'hypothyroidism E03.9 with a normal TSH: warning (SELFI, H2Oil2)',
    input: { orders: oil, conditions: [condition(icd('E03.9'))], observations: [tsh(2)] },
    expected: 'warning',
  },
  {
    name: 'autoimmune thyroiditis E06.3: warning ([S28])',
    input: { orders: oil, conditions: [condition(icd('E06.3'))], observations: [tsh(2)] },
    expected: 'warning',
  },
  {
    name: 'water-soluble contrast with a TSH of 0.1',
    input: { observations: [tsh(0.1)] },
    expected: 'none',
  },
];

const cycleCases: RuleCase[] = [
  {
    name: 'oil on cycle day 3: immediate postmenstrual phase, critical',
    input: { orders: oil, observations: [lmpForCycleDay(3)] },
    expected: 'critical',
  },
  {
    name: 'oil on cycle day 23: immediate premenstrual phase, critical',
    input: { orders: oil, observations: [lmpForCycleDay(23)] },
    expected: 'critical',
  },
  {
    name: 'oil on cycle day 15: outside the window, warning',
    input: { orders: oil, observations: [lmpForCycleDay(15)] },
    expected: 'warning',
  },
  {
    name: 'oil, LMP 30 days back: cycle day unknown, warning',
    input: { orders: oil, observations: [lmpForCycleDay(31)] },
    expected: 'warning',
  },
];

describe('oil-contrast-label (Lipiodol label)', () => {
  test.each(labelCases)('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'oil-contrast-label', c);
  });

  test('several items: one card at the gravest severity, listing each', () => {
    const finding = expectCaseWithNegativeHcg(knowledge, 'oil-contrast-label', {
      name: 'erosion, asthma and breast-feeding',
      input: {
        orders: oil,
        conditions: [condition(icd('N86')), condition('Asthma'), condition('Breast-feeding')],
      },
      expected: 'critical',
    });
    expect(finding?.summary).toMatch(/^Cervical erosion on record \(and 2 more\)/);
    expect(finding?.explanation.split('\n- ')).toHaveLength(4);
  });
});

describe('oil-contrast-thyroid: the TSH value is read', () => {
  test.each(thyroidCases)('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'oil-contrast-thyroid', c);
  });
});

describe('cycle-timing with oil-based contrast', () => {
  test.each(cycleCases)('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'cycle-timing', c);
  });
});

describe('contrast-allergy with oil-based contrast', () => {
  test('a mild prior reaction is critical with oil: the label says avoid with any iodinated-agent sensitivity', () => {
    expectCaseWithNegativeHcg(knowledge, 'contrast-allergy', {
      name: 'mild hives, oil',
      input: {
        orders: oil,
        observations: [negativeHcgYesterday()],
        allergies: [allergy(sct('426722004'), { criticality: 'low', reaction: { manifestation: 'Hives' } })],
      },
      expected: 'critical',
    });
  });
});
