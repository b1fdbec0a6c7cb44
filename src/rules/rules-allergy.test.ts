import { describe, expect, test } from '@jest/globals';
import {
  allergy,
  code,
  condition,
  expectCase,
  expectCaseWithNegativeHcg,
  hsgOrder,
  sct,
  SYSTEM,
  type RuleCase,
} from '../../test/support/rules-fixtures.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { RuleActivityDefinitions } from './rule-knowledge.js';

const knowledge = loadKnowledge();
const IODINATED = sct('426722004', 'Iodinated contrast media');
const ANAPHYLAXIS = sct('39579001', 'Anaphylaxis');
const URTICARIA = 'Hives';

const contrastCases: RuleCase[] = [
  {
    name: 'iodinated contrast, criticality high',
    input: { allergies: [allergy(IODINATED, { criticality: 'high' })] },
    expected: 'critical',
  },
  {
    name: 'radiographic contrast with anaphylaxis',
    input: {
      allergies: [allergy(sct('7140000'), { criticality: 'low', reaction: { manifestation: ANAPHYLAXIS } })],
    },
    expected: 'critical',
  },
  {
    name: 'free text "IV contrast dye", severe reaction',
    input: {
      allergies: [allergy('IV contrast dye', { reaction: { manifestation: URTICARIA, severity: 'severe' } })],
    },
    expected: 'critical',
  },
  {
    name: 'manifestation text "anaphylactic shock"',
    input: { allergies: [allergy('Omnipaque', { reaction: { manifestation: 'Anaphylactic shock' } })] },
    expected: 'critical',
  },
  {
    name: 'contrast media allergy, low criticality, hives',
    input: {
      allergies: [
        allergy(sct('293637006'), {
          criticality: 'low',
          reaction: { manifestation: URTICARIA, severity: 'mild' },
        }),
      ],
    },
    expected: 'warning',
  },
  {
    name: 'Z91.041 radiographic dye allergy status (Condition)',
    input: { conditions: [condition(code(SYSTEM.icd, 'Z91.041'))] },
    expected: 'warning',
  },
  {
    name: 'unconfirmed allergy still counts',
    input: { allergies: [allergy(IODINATED, { verification: 'unconfirmed' })] },
    expected: 'warning',
  },
  {
    name: 'no clinical status counts as active',
    input: { allergies: [allergy(IODINATED, { clinical: null })] },
    expected: 'warning',
  },
  {
    name: 'refuted contrast allergy',
    input: { allergies: [allergy(IODINATED, { criticality: 'high', verification: 'refuted' })] },
    expected: 'none',
  },
  {
    name: 'entered-in-error contrast allergy',
    input: { allergies: [allergy(IODINATED, { verification: 'entered-in-error' })] },
    expected: 'none',
  },
  {
    name: 'resolved contrast allergy',
    input: { allergies: [allergy(IODINATED, { clinical: 'resolved' })] },
    expected: 'none',
  },
  {
    name: 'gadolinium (MRI) contrast allergy',
    input: { allergies: [allergy(sct('293639009', 'Allergy to MRI contrast media'))] },
    expected: 'none',
  },
  { name: 'shellfish only', input: { allergies: [allergy('Shellfish')] }, expected: 'none' },
  {
    name: 'SIS order (no iodinated contrast)',
    input: { orders: [hsgOrder({ kind: 'sis' })], allergies: [allergy(IODINATED, { criticality: 'high' })] },
    expected: 'none',
  },
];

const iodineCases: RuleCase[] = [
  {
    name: 'povidone-iodine',
    input: { allergies: [allergy(sct('386989006', 'Povidone iodine'))] },
    expected: 'info',
  },
  { name: 'free text "Shellfish"', input: { allergies: [allergy('Shellfish')] }, expected: 'info' },
  {
    name: 'Z91.013 seafood allergy (Condition)',
    input: { conditions: [condition(code(SYSTEM.icd, 'Z91.013'))] },
    expected: 'info',
  },
  {
    name: 'shellfish and a contrast allergy (contrast wins)',
    input: { allergies: [allergy('Shellfish'), allergy(IODINATED)] },
    expected: 'none',
  },
  {
    name: '"Iodine contrast" is a contrast allergy',
    input: { allergies: [allergy('Iodine contrast')] },
    expected: 'none',
  },
  {
    name: 'refuted iodine allergy',
    input: { allergies: [allergy(sct('44588005'), { verification: 'refuted' })] },
    expected: 'none',
  },
  {
    name: 'SIS order',
    input: { orders: [hsgOrder({ kind: 'sis' })], allergies: [allergy('Shellfish')] },
    expected: 'none',
  },
];

describe('contrast-allergy', () => {
  test.each(contrastCases)('$name → $expected', ({ name, input, expected }) => {
    expectCaseWithNegativeHcg(knowledge, 'contrast-allergy', { name, input, expected });
  });

  test('a severe allergy suggests SIS for cavity questions and never cancelling (review 3.6, [S14], [S15])', () => {
    const finding = expectCase(knowledge, 'contrast-allergy', contrastCases[0]!);
    expect(finding?.suggestions.map((s) => s.kind)).toEqual(['replace-order']);
    expect(finding?.summary).toMatch(/another agent or HyCoSy\/HyFoSy/);
    expect(finding?.suggestions[0]).toMatchObject({
      activityDefinition: RuleActivityDefinitions.salineInfusionSonohysterography,
    });
  });

  test('no SIS suggestion for selective salpingography or when SIS is already drafted', () => {
    const severe = [allergy(IODINATED, { criticality: 'high' })];
    const selective = expectCase(knowledge, 'contrast-allergy', {
      name: 'selective',
      input: { orders: [hsgOrder({ kind: 'selective-salpingography' })], allergies: severe },
      expected: 'critical',
    });
    expect(selective?.suggestions).toEqual([]);
    const drafted = expectCase(knowledge, 'contrast-allergy', {
      name: 'SIS drafted',
      input: { allergies: severe, otherDrafts: [hsgOrder({ kind: 'sis', id: 'sis-draft' })] },
      expected: 'critical',
    });
    expect(drafted?.suggestions).toEqual([]);
    // An SIS draft named only in text is an SIS order too, as order recognition reads it.
    const byText = expectCase(knowledge, 'contrast-allergy', {
      name: 'SIS drafted by text',
      input: {
        allergies: severe,
        otherDrafts: [{ ...hsgOrder({ id: 'sis-text' }), code: { text: 'Saline infusion sonohysterogram' } }],
      },
      expected: 'critical',
    });
    expect(byText?.suggestions).toEqual([]);
  });

  test('the evidence says an allergy is unconfirmed', () => {
    const finding = expectCase(knowledge, 'contrast-allergy', contrastCases[6]!);
    expect(finding?.evidence[0]?.description).toMatch(/unconfirmed/);
  });
});

describe('iodine-allergy-not-contraindication', () => {
  test.each(iodineCases)('$name → $expected', ({ name, input, expected }) => {
    expectCaseWithNegativeHcg(knowledge, 'iodine-allergy-not-contraindication', { name, input, expected });
  });
});
