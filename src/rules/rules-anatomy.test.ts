import { describe, expect, test } from '@jest/globals';
import {
  allergy,
  code,
  condition,
  expectCase,
  expectCaseWithNegativeHcg,
  hsgOrder,
  icd,
  procedure,
  screeningInput,
  SYSTEM,
  type RuleCase,
} from '../../test/support/rules-fixtures.js';
import { renderCards } from '../cards/render-cards.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { evaluateRules } from './evaluate-rules.js';

const knowledge = loadKnowledge();

const malignancyCases: RuleCase[] = [
  {
    name: 'active cervical cancer C53.9: warning, discuss with gyn-oncology (review 3.12, [S23])',
    input: { conditions: [condition(icd('C53.9'))] },
    expected: 'warning',
  },
  {
    name: 'active endometrial cancer C54.1: warning (malignant cells in the spill 1/14, [S23])',
    input: { conditions: [condition(icd('C54.1'))] },
    expected: 'warning',
  },
  {
    name: 'active ovarian cancer C56.1 alone: info (no source supports a contraindication)',
    input: { conditions: [condition(icd('C56.1'))] },
    expected: 'info',
  },
  {
    name: 'resolved cervical cancer',
    input: { conditions: [condition(icd('C53.9'), { clinical: 'resolved' })] },
    expected: 'none',
  },
  {
    name: 'history of cervical cancer Z85.41',
    input: { conditions: [condition(icd('Z85.41'))] },
    expected: 'none',
  },
  { name: 'carcinoma in situ D06.9', input: { conditions: [condition(icd('D06.9'))] }, expected: 'none' },
];

const HYSTERECTOMY = code(SYSTEM.cpt, '58150', 'Total abdominal hysterectomy');
const noUterusCases: RuleCase[] = [
  {
    name: 'Z90.710 acquired absence of cervix and uterus',
    input: { conditions: [condition(icd('Z90.710'))] },
    expected: 'critical',
  },
  { name: 'Q51.0 uterine agenesis', input: { conditions: [condition(icd('Q51.0'))] }, expected: 'critical' },
  {
    name: 'hysterectomy in 2015',
    input: { procedures: [procedure(HYSTERECTOMY, '2015-03-10')] },
    expected: 'critical',
  },
  {
    name: 'SNOMED hysterectomy',
    input: { procedures: [procedure(code(SYSTEM.sct, '236886002'), '2019-06-01')] },
    expected: 'critical',
  },
  {
    name: 'Z90.712 absent cervix with uterus present',
    input: { conditions: [condition(icd('Z90.712'))] },
    expected: 'none',
  },
  {
    name: 'hysterectomy not done',
    input: { procedures: [procedure(HYSTERECTOMY, '2015-03-10', 'not-done')] },
    expected: 'none',
  },
];

const conditionN96 = { ...condition(icd('N96')), id: 'n96' };
const indicationCases: RuleCase[] = [
  {
    name: 'no reason and no indication on record',
    input: { orders: [hsgOrder({ reasons: [] })] },
    expected: 'info',
  },
  {
    name: 'reason R10.2 pelvic pain only',
    input: { orders: [hsgOrder({ reasons: [icd('R10.2')] })] },
    expected: 'info',
  },
  { name: 'reason N97.9', input: {}, expected: 'none' },
  {
    name: 'reason written N979',
    input: { orders: [hsgOrder({ reasons: [icd('N979')] })] },
    expected: 'none',
  },
  {
    name: 'active N97.1 on the problem list',
    input: { orders: [hsgOrder({ reasons: [] })], conditions: [condition(icd('N97.1'))] },
    expected: 'none',
  },
  {
    name: 'reasonReference to an N96 Condition',
    input: {
      orders: [{ ...hsgOrder({ reasons: [] }), reasonReference: [{ reference: 'Condition/n96' }] }],
      conditions: [conditionN96],
    },
    expected: 'none',
  },
  {
    name: 'reasonReference by absolute URL with a version, to an R10.2 Condition',
    input: {
      orders: [
        {
          ...hsgOrder({ reasons: [] }),
          reasonReference: [{ reference: 'https://ehr.example/fhir/Condition/r102/_history/3' }],
        },
      ],
      conditions: [{ ...condition(icd('R10.2')), id: 'r102' }],
    },
    expected: 'info',
  },
  {
    name: 'reasonReference that cannot be resolved',
    input: {
      orders: [{ ...hsgOrder({ reasons: [] }), reasonReference: [{ reference: 'Condition/elsewhere' }] }],
    },
    expected: 'none',
  },
  {
    name: 'Conditions could not be retrieved',
    input: { orders: [hsgOrder({ reasons: [] })], unavailable: ['conditions'] },
    expected: 'none',
  },
  { name: 'SIS order', input: { orders: [hsgOrder({ kind: 'sis', reasons: [] })] }, expected: 'none' },
];

const incompleteCases: RuleCase[] = [
  { name: 'allergies missing', input: { unavailable: ['allergies'] }, expected: 'warning' },
  {
    name: 'observations and procedures missing',
    input: { unavailable: ['observations', 'procedures'] },
    expected: 'warning',
  },
  {
    name: 'allergies missing for an SIS order',
    input: { orders: [hsgOrder({ kind: 'sis' })], unavailable: ['allergies'] },
    expected: 'none',
  },
  { name: 'only the Patient resource missing', input: { unavailable: ['patient'] }, expected: 'none' },
  { name: 'everything retrieved', input: {}, expected: 'none' },
];

describe('gynecologic-malignancy', () => {
  test.each(malignancyCases)('$name → $expected', ({ name, input, expected }) => {
    expectCaseWithNegativeHcg(knowledge, 'gynecologic-malignancy', { name, input, expected });
  });
});

describe('no-uterus', () => {
  test.each(noUterusCases)('$name → $expected', ({ name, input, expected }) => {
    expectCaseWithNegativeHcg(knowledge, 'no-uterus', { name, input, expected });
  });
});

describe('indication-missing', () => {
  test.each(indicationCases)('$name → $expected', ({ name, input, expected }) => {
    expectCaseWithNegativeHcg(knowledge, 'indication-missing', { name, input, expected });
  });
});

describe('screening-incomplete', () => {
  test.each(incompleteCases)('$name → $expected', ({ name, input, expected }) => {
    expectCaseWithNegativeHcg(knowledge, 'screening-incomplete', { name, input, expected });
  });

  test('names in plain words what could not be checked', () => {
    const finding = expectCase(knowledge, 'screening-incomplete', incompleteCases[0]!);
    expect(finding?.summary).toBe('Allergies could not be retrieved: contrast allergy not screened');
  });
});

describe('evaluateRules', () => {
  const everything = {
    conditions: [
      condition(icd('N73.9')),
      condition(icd('C53.9')),
      condition(icd('N93.9'), { onset: '2026-11-28' }),
      condition(icd('E05.00')),
    ],
    allergies: [allergy(code(SYSTEM.sct, '426722004'), { criticality: 'high' })],
    procedures: [procedure(code(SYSTEM.cpt, '58120'), '2026-11-25')],
  };

  test('screens each order separately and each finding names its order', () => {
    const input = screeningInput(knowledge, {
      ...everything,
      orders: [hsgOrder({ id: 'first' }), hsgOrder({ id: 'second', contrast: 'oil' })],
    });
    const findings = evaluateRules(input);
    const kindsOf = (ref: string) => findings.filter((f) => f.order.reference === ref).map((f) => f.kind);
    expect(new Set(kindsOf('ServiceRequest/first')).size).toBe(kindsOf('ServiceRequest/first').length);
    expect(kindsOf('ServiceRequest/first')).toContain('pelvic-infection');
    expect(kindsOf('ServiceRequest/second')).toContain('oil-contrast-thyroid');
    expect(kindsOf('ServiceRequest/first')).not.toContain('oil-contrast-thyroid');
    expect(findings.some((f) => f.kind === 'billing-codes')).toBe(false);
  });

  test('SIS orders skip the contrast rules and the HSG indication rule', () => {
    const input = screeningInput(knowledge, {
      ...everything,
      orders: [hsgOrder({ kind: 'sis', reasons: [] })],
    });
    const kinds = evaluateRules(input).map((f) => f.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'pelvic-infection',
        'gynecologic-malignancy',
        'uterine-bleeding',
        'recent-uterine-procedure',
      ]),
    );
    for (const kind of [
      'contrast-allergy',
      'oil-contrast-thyroid',
      'oil-contrast-label',
      'indication-missing',
    ])
      expect(kinds).not.toContain(kind);
  });

  test('every finding renders as a card (known topic, override reasons, ActivityDefinitions)', () => {
    const input = screeningInput(knowledge, {
      ...everything,
      conditions: [
        ...everything.conditions,
        condition(icd('Z97.5')),
        condition(icd('N86')),
        condition('Breast-feeding'),
      ],
      allergies: [...everything.allergies, allergy(code(SYSTEM.icd, 'Z91.040'))],
      orders: [hsgOrder({ id: 'one', contrast: 'oil', reasons: [] })],
      unavailable: ['medications'],
    });
    const findings = evaluateRules(input);
    expect(findings.map((f) => f.kind)).toEqual(
      expect.arrayContaining(['latex-allergy', 'intrauterine-device', 'oil-contrast-label']),
    );
    expect(findings.length).toBeGreaterThanOrEqual(11);
    const cards = renderCards(findings, { knowledge, patientId: 'p', now: input.now });
    expect(cards).toHaveLength(findings.length);
    for (const card of cards) expect(card.detail).not.toMatch(/<[a-z]/i);
  });
});
