import { describe, expect, test } from '@jest/globals';
import {
  draftServiceRequest,
  code,
  condition,
  daysAgo,
  expectCase,
  hsgOrder,
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
import { RuleActivityDefinitions } from './rule-knowledge.js';

const knowledge = loadKnowledge();
const quant = (value: number, unit = 'm[IU]/mL', days = 1) =>
  observation(QUANT_HCG, { quantity: value, unit }, { date: daysAgo(days) });
const RACE_WHITE = code(SYSTEM.cdcRace, '2106-3', 'White');
const PREGNANCY_STATUS = code(SYSTEM.loinc, '82810-3', 'Pregnancy status');

const pregnancyCases: RuleCase[] = [
  {
    name: 'positive serum hCG 3 days ago',
    input: { observations: [observation(SERUM_HCG, { coded: POSITIVE }, { date: daysAgo(3) })] },
    expected: 'critical',
  },
  {
    name: 'quantitative hCG of exactly 25 mIU/mL',
    input: { observations: [quant(25)] },
    expected: 'critical',
  },
  {
    name: 'quantitative hCG 250 [IU]/L',
    input: { observations: [quant(250, '[IU]/L')] },
    expected: 'critical',
  },
  {
    name: 'quantitative hCG 0.03 [IU]/mL (30 mIU/mL)',
    input: { observations: [quant(0.03, '[IU]/mL')] },
    expected: 'critical',
  },
  {
    name: 'valueString "Positive"',
    input: { observations: [observation(URINE_HCG, { text: 'Positive' })] },
    expected: 'critical',
  },
  {
    name: 'interpretation POS without a value',
    input: { observations: [observation(URINE_HCG, { none: true }, { interpretation: 'POS' })] },
    expected: 'critical',
  },
  {
    name: 'preliminary positive (alerts accept preliminary)',
    input: { observations: [observation(SERUM_HCG, { coded: POSITIVE }, { status: 'preliminary' })] },
    expected: 'critical',
  },
  {
    name: 'pregnancy status "pregnant"',
    input: {
      observations: [observation(PREGNANCY_STATUS, { coded: code(SYSTEM.loinc, 'LA15173-0', 'Pregnant') })],
    },
    expected: 'critical',
  },
  {
    name: 'active Z33.1 written without the dot',
    input: { conditions: [condition(code(SYSTEM.icd, 'Z331'))] },
    expected: 'critical',
  },
  {
    name: 'active Z3A.10 (weeks of gestation family)',
    input: { conditions: [condition(code(SYSTEM.icd, 'Z3A.10'))] },
    expected: 'critical',
  },
  {
    name: 'SNOMED pregnant, no clinical status and no abatement',
    input: { conditions: [condition(code(SYSTEM.sct, '77386006'), { clinical: null })] },
    expected: 'critical',
  },
  {
    name: 'positive 20 days ago, procedure scheduled in 20 days',
    input: {
      orders: [hsgOrder({ scheduled: daysAgo(-20) })],
      observations: [observation(SERUM_HCG, { coded: POSITIVE }, { date: daysAgo(20) })],
    },
    expected: 'critical',
  },
  { name: 'negative hCG', input: { observations: [negativeHcgYesterday()] }, expected: 'none' },
  {
    name: 'positive hCG 40 days ago: no longer proof of a current pregnancy (pregnancy-test-needed warns instead)',
    input: { observations: [observation(SERUM_HCG, { coded: POSITIVE }, { date: daysAgo(40) })] },
    expected: 'none',
  },
  { name: 'quantitative hCG of exactly 5 mIU/mL', input: { observations: [quant(5)] }, expected: 'none' },
  {
    name: 'quantitative hCG 24.9 (equivocal, not positive)',
    input: { observations: [quant(24.9)] },
    expected: 'none',
  },
  {
    name: 'positive followed by a final negative',
    input: {
      observations: [
        observation(URINE_HCG, { coded: POSITIVE }, { date: daysAgo(10) }),
        negativeHcgYesterday(),
      ],
    },
    expected: 'none',
  },
  {
    name: 'CDC race code 2106-3 carrying a positive value',
    input: { observations: [observation(RACE_WHITE, { coded: POSITIVE })] },
    expected: 'none',
  },
  {
    name: 'refuted pregnancy condition',
    input: { conditions: [condition(code(SYSTEM.icd, 'Z33.1'), { verification: 'refuted' })] },
    expected: 'none',
  },
  {
    name: 'entered-in-error pregnancy condition',
    input: { conditions: [condition(code(SYSTEM.icd, 'Z33.1'), { verification: 'entered-in-error' })] },
    expected: 'none',
  },
  {
    name: 'resolved pregnancy condition',
    input: { conditions: [condition(code(SYSTEM.icd, 'Z34.90'), { clinical: 'resolved' })] },
    expected: 'none',
  },
  {
    name: 'pregnancy status "pregnant" then a negative hCG',
    input: {
      observations: [
        observation(PREGNANCY_STATUS, { coded: code(SYSTEM.loinc, 'LA15173-0') }, { date: daysAgo(5) }),
        negativeHcgYesterday(),
      ],
    },
    expected: 'none',
  },
  {
    name: 'pregnancy status "not pregnant"',
    input: { observations: [observation(PREGNANCY_STATUS, { coded: code(SYSTEM.loinc, 'LA26683-5') })] },
    expected: 'none',
  },
  {
    name: 'cancelled positive result',
    input: { observations: [observation(SERUM_HCG, { coded: POSITIVE }, { status: 'cancelled' })] },
    expected: 'none',
  },
  {
    name: 'moles-per-volume hCG is never converted',
    input: { observations: [observation(code(SYSTEM.loinc, '2119-6'), { quantity: 500, unit: 'pmol/L' })] },
    expected: 'none',
  },
];

const equivocalCases: RuleCase[] = [
  { name: '12 mIU/mL yesterday', input: { observations: [quant(12)] }, expected: 'warning' },
  { name: '5.1 mIU/mL', input: { observations: [quant(5.1)] }, expected: 'warning' },
  { name: '24.9 mIU/mL', input: { observations: [quant(24.9)] }, expected: 'warning' },
  { name: '10 IU/L', input: { observations: [quant(10, 'IU/L')] }, expected: 'warning' },
  {
    name: 'exactly 5 mIU/mL: equivocal by the documented rule (below 5 negative, [S20])',
    input: { observations: [quant(5)] },
    expected: 'warning',
  },
  { name: '4.9 mIU/mL (negative)', input: { observations: [quant(4.9)] }, expected: 'none' },
  {
    name: '"<5" mIU/mL (the lab\'s negative)',
    input: { observations: [observation(QUANT_HCG, { quantity: 5, comparator: '<' })] },
    expected: 'none',
  },
  {
    name: 'exactly 25 mIU/mL (positive: pregnancy instead)',
    input: { observations: [quant(25)] },
    expected: 'none',
  },
  {
    name: 'equivocal then a final negative',
    input: { observations: [quant(12, 'm[IU]/mL', 3), negativeHcgYesterday()] },
    expected: 'none',
  },
  { name: 'equivocal 40 days ago', input: { observations: [quant(12, 'm[IU]/mL', 40)] }, expected: 'none' },
  {
    name: 'equivocal then a positive (pregnancy instead)',
    input: { observations: [quant(12, 'm[IU]/mL', 3), observation(URINE_HCG, { coded: POSITIVE })] },
    expected: 'none',
  },
];

const testNeededCases: RuleCase[] = [
  { name: 'no hCG at all', input: {}, expected: 'info' },
  {
    name: 'negative 4 days before the scheduled date',
    input: { observations: [observation(SERUM_HCG, { coded: NEGATIVE }, { date: daysAgo(3) })] },
    expected: 'info',
  },
  {
    name: 'preliminary negative only',
    input: { observations: [observation(SERUM_HCG, { coded: NEGATIVE }, { status: 'preliminary' })] },
    expected: 'info',
  },
  {
    name: 'CDC race code 2106-3 with a negative value does not clear',
    input: { observations: [observation(RACE_WHITE, { coded: NEGATIVE })] },
    expected: 'info',
  },
  {
    name: 'unscheduled order, negative 4 days ago',
    input: {
      orders: [hsgOrder({ scheduled: null })],
      observations: [observation(SERUM_HCG, { coded: NEGATIVE }, { date: daysAgo(4) })],
    },
    expected: 'info',
  },
  { name: 'negative yesterday', input: { observations: [negativeHcgYesterday()] }, expected: 'none' },
  { name: 'quantitative exactly 5 yesterday', input: { observations: [quant(5)] }, expected: 'none' },
  {
    name: 'unscheduled order, negative 2 days ago',
    input: {
      orders: [hsgOrder({ scheduled: null })],
      observations: [observation(SERUM_HCG, { coded: NEGATIVE }, { date: daysAgo(2) })],
    },
    expected: 'none',
  },
  {
    name: 'an hCG ServiceRequest is already drafted',
    input: {
      otherDrafts: [draftServiceRequest(SERUM_HCG, 'hcg')],
    },
    expected: 'none',
  },
  {
    name: 'positive hCG has its own card',
    input: { observations: [observation(SERUM_HCG, { coded: POSITIVE })] },
    expected: 'none',
  },
  { name: 'observations could not be retrieved', input: { unavailable: ['observations'] }, expected: 'none' },
];

describe('pregnancy', () => {
  test.each(pregnancyCases)('$name → $expected', (c) => {
    expectCase(knowledge, 'pregnancy', c);
  });

  test('the summary names the test and when, and the card offers to cancel', () => {
    const finding = expectCase(knowledge, 'pregnancy', pregnancyCases[0]!);
    expect(finding?.summary).toBe(
      'Positive hCG 3 days ago: HSG is contraindicated in pregnancy; cancel or defer the order',
    );
    expect(finding?.suggestions).toEqual([{ kind: 'cancel-order', label: 'Cancel the HSG order' }]);
    expect(finding?.evidence[0]).toMatchObject({
      resourceType: 'Observation',
      date: daysAgo(3).slice(0, 10),
    });
  });
});

describe('pregnancy-test-equivocal', () => {
  test.each(equivocalCases)('$name → $expected', (c) => {
    expectCase(knowledge, 'pregnancy-test-equivocal', c);
  });
});

describe('pregnancy-test-needed', () => {
  test.each(testNeededCases)('$name → $expected', (c) => {
    expectCase(knowledge, 'pregnancy-test-needed', c);
  });

  test('suggests a point-of-care urine hCG first, serum hCG second ([S16], [S17])', () => {
    const finding = expectCase(knowledge, 'pregnancy-test-needed', testNeededCases[0]!);
    expect(finding?.suggestions).toEqual([
      expect.objectContaining({
        kind: 'create-order',
        activityDefinition: RuleActivityDefinitions.urineHcgPointOfCare,
      }),
      expect.objectContaining({ kind: 'create-order', activityDefinition: RuleActivityDefinitions.serumHcg }),
    ]);
  });

  test('after an earlier serum positive only serum hCG is suggested ([S20])', () => {
    const finding = expectCase(knowledge, 'pregnancy-test-needed', {
      name: 'serum positive 40 days ago',
      input: { observations: [observation(SERUM_HCG, { coded: POSITIVE }, { date: daysAgo(40) })] },
      expected: 'warning',
    });
    expect(finding?.suggestions).toEqual([
      expect.objectContaining({ kind: 'create-order', activityDefinition: RuleActivityDefinitions.serumHcg }),
    ]);
  });
});
