/**
 * Pregnancy rules after the independent clinical review (clinical-review.md 3.1-3.3, P1 items 1-3, P2 items 11-12).
 * Sources as numbered there: [S3] ACOG TA 8 ("pregnant or could be pregnant"), [S16] ACR-SPR pregnancy screening,
 * [S17] mandatory pre-HSG hCG, [S20] hCG thresholds, [S21] pituitary hCG.
 */
import { describe, expect, test } from '@jest/globals';
import {
  code,
  condition,
  daysAgo,
  expectCase,
  hsgOrder,
  icd,
  LMP,
  lmpForCycleDay,
  NEGATIVE,
  negativeHcgYesterday,
  observation,
  POSITIVE,
  QUANT_HCG,
  SERUM_HCG,
  SYSTEM,
  URINE_HCG,
  type RuleCase,
} from '../../test/support/rules-fixtures.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';

const knowledge = loadKnowledge();
const serumPositive = (days: number) => observation(SERUM_HCG, { coded: POSITIVE }, { date: daysAgo(days) });
const urineNegativeYesterday = () => observation(URINE_HCG, { coded: NEGATIVE }, { date: daysAgo(1) });
const quant = (value: number, days = 1) =>
  observation(QUANT_HCG, { quantity: value, unit: 'm[IU]/mL' }, { date: daysAgo(days) });
const PREGNANT_STATUS = (days: number) =>
  observation(
    code(SYSTEM.loinc, '82810-3', 'Pregnancy status'),
    { coded: code(SYSTEM.loinc, 'LA15173-0', 'Pregnant') },
    { date: daysAgo(days) },
  );

const pregnancyCases: RuleCase[] = [
  {
    name: 'serum positive 3 days ago, urine negative yesterday: a urine test does not clear serum ([S20])',
    input: { observations: [serumPositive(3), urineNegativeYesterday()] },
    expected: 'critical',
  },
  {
    name: 'serum positive 3 days ago, serum negative yesterday',
    input: { observations: [serumPositive(3), negativeHcgYesterday()] },
    expected: 'none',
  },
  {
    name: 'serum positive 3 days ago, serum quantitative 3 mIU/mL yesterday',
    input: { observations: [serumPositive(3), quant(3)] },
    expected: 'none',
  },
  {
    name: 'urine positive 3 days ago, urine negative yesterday',
    input: {
      observations: [
        observation(URINE_HCG, { coded: POSITIVE }, { date: daysAgo(3) }),
        urineNegativeYesterday(),
      ],
    },
    expected: 'none',
  },
  {
    name: 'Z33.1 since 10 days, nothing later: current pregnancy',
    input: { conditions: [condition(icd('Z33.1'), { onset: daysAgo(10) })] },
    expected: 'critical',
  },
  {
    name: 'Z33.1 since 200 days, negative serum hCG yesterday: stale record, warning (review 3.1)',
    input: {
      conditions: [condition(icd('Z33.1'), { onset: daysAgo(200) })],
      observations: [negativeHcgYesterday()],
    },
    expected: 'warning',
  },
  {
    name: 'Z34.90 since 100 days, urine negative only: not contradicted (serum required)',
    input: {
      conditions: [condition(icd('Z34.90'), { onset: daysAgo(100) })],
      observations: [urineNegativeYesterday()],
    },
    expected: 'critical',
  },
  {
    name: 'Z34.90 recorded 400 days ago: longer than a pregnancy lasts, warning',
    input: { conditions: [condition(icd('Z34.90'), { recorded: daysAgo(400) })] },
    expected: 'warning',
  },
  {
    name: 'Z34.90 since 250 days, then a delivery O80 20 days ago: warning',
    input: {
      conditions: [
        condition(icd('Z34.90'), { onset: daysAgo(250) }),
        condition(icd('O80'), { clinical: 'resolved', onset: daysAgo(20) }),
      ],
    },
    expected: 'warning',
  },
];

const equivocalCases: RuleCase[] = [
  {
    name: 'equivocal 12 mIU/mL then a urine negative: not cleared ([S20])',
    input: { observations: [quant(12, 3), urineNegativeYesterday()] },
    expected: 'warning',
  },
  {
    name: 'equivocal 12 mIU/mL then serum 2 mIU/mL',
    input: { observations: [quant(12, 3), quant(2)] },
    expected: 'none',
  },
];

const testNeededCases: RuleCase[] = [
  {
    name: 'serum positive 40 days ago, nothing later: could be pregnant ([S3]), warning',
    input: { observations: [serumPositive(40)] },
    expected: 'warning',
  },
  {
    name: 'serum positive 40 days ago and a urine negative yesterday: serum not superseded, warning',
    input: { observations: [serumPositive(40), urineNegativeYesterday()] },
    expected: 'warning',
  },
  {
    name: 'serum positive 40 days ago, miscarriage O03.9 20 days ago, no test since: routine info',
    input: {
      observations: [serumPositive(40)],
      conditions: [condition(icd('O03.9'), { clinical: 'resolved', onset: daysAgo(20) })],
    },
    expected: 'info',
  },
  {
    name: 'serum positive 320 days ago: beyond 300 days, routine info',
    input: { observations: [serumPositive(320)] },
    expected: 'info',
  },
  {
    name: 'pregnancy status "pregnant" 60 days ago, nothing later: warning',
    input: { observations: [PREGNANT_STATUS(60)] },
    expected: 'warning',
  },
  {
    name: 'LMP 40 days before the procedure, no test: warning ([S3], [S17])',
    input: { observations: [lmpForCycleDay(41)] },
    expected: 'warning',
  },
  {
    name: 'LMP 40 days before and a negative hCG yesterday: none',
    input: { observations: [lmpForCycleDay(41), negativeHcgYesterday()] },
    expected: 'none',
  },
  {
    name: 'LMP recorded as unknown: warning',
    input: { observations: [observation(LMP, { text: 'unknown' }, { date: daysAgo(1) })] },
    expected: 'warning',
  },
  {
    name: 'no LMP on record at all: routine info (absence is the norm in many EHRs)',
    input: {},
    expected: 'info',
  },
  {
    name: 'PREGNANCY_TEST_PROTOCOL=day-of-procedure: the routine card is off',
    input: { pregnancyTestProtocol: 'day-of-procedure' },
    expected: 'none',
  },
  {
    name: 'PREGNANCY_TEST_PROTOCOL=day-of-procedure keeps the warning for a missed period',
    input: { pregnancyTestProtocol: 'day-of-procedure', observations: [lmpForCycleDay(41)] },
    expected: 'warning',
  },
  {
    name: 'postmenopausal (N95.1) SIS: biologically incapable of conceiving ([S16])',
    input: { orders: [hsgOrder({ kind: 'sis' })], conditions: [condition(icd('N95.1'))] },
    expected: 'none',
  },
];

describe('pregnancy (review 3.1)', () => {
  test.each(pregnancyCases)('$name → $expected', (c) => {
    expectCase(knowledge, 'pregnancy', c);
  });

  test('a stale pregnancy Condition asks to update the record and offers no cancel', () => {
    const finding = expectCase(knowledge, 'pregnancy', pregnancyCases[5]!);
    expect(finding?.summary).toMatch(/confirm and update the record/);
    expect(finding?.suggestions).toEqual([]);
  });
});

describe('pregnancy-test-equivocal (review 3.2)', () => {
  test.each(equivocalCases)('$name → $expected', (c) => {
    expectCase(knowledge, 'pregnancy-test-equivocal', c);
  });

  test('at 45 or older the card mentions benign pituitary hCG ([S21])', () => {
    const finding = expectCase(knowledge, 'pregnancy-test-equivocal', {
      name: '47 years old',
      input: { observations: [quant(8)], birthDate: '1979-06-01' },
      expected: 'warning',
    });
    expect(finding?.explanation).toMatch(/pituitary/);
  });
});

describe('pregnancy-test-needed (review 3.3)', () => {
  test.each(testNeededCases)('$name → $expected', (c) => {
    expectCase(knowledge, 'pregnancy-test-needed', c);
  });

  test('the escalated card says why', () => {
    const finding = expectCase(knowledge, 'pregnancy-test-needed', testNeededCases[0]!);
    expect(finding?.summary).toBe(
      'Positive pregnancy result 40 days ago never followed by a negative test or an end of pregnancy: exclude pregnancy first',
    );
  });

  test('the unsuperseded positive is listed once in the evidence, not again among the latest tests', () => {
    const finding = expectCase(knowledge, 'pregnancy-test-needed', testNeededCases[0]!);
    const references = finding?.evidence.map((e) => e.reference) ?? [];
    expect(references.length).toBeGreaterThan(0);
    expect(new Set(references).size).toBe(references.length);
  });
});
