import { describe, expect, test } from '@jest/globals';
import {
  code,
  condition,
  daysAgo,
  expectCase,
  expectCaseWithNegativeHcg,
  hsgOrder,
  icd,
  medicationRequest,
  NEGATIVE,
  observation,
  POSITIVE,
  SYSTEM,
  type RuleCase,
} from '../../test/support/rules-fixtures.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { RuleActivityDefinitions } from './rule-knowledge.js';

const knowledge = loadKnowledge();
const CT_NAAT = code(SYSTEM.loinc, '43304-5', 'Chlamydia trachomatis rRNA [Presence] in Specimen by NAA');

const infectionCases: RuleCase[] = [
  { name: 'active PID N73.9', input: { conditions: [condition(icd('N73.9'))] }, expected: 'critical' },
  { name: 'active PID written N739', input: { conditions: [condition(icd('N739'))] }, expected: 'critical' },
  {
    name: 'chlamydial cervicitis A56.09 (family A56.0)',
    input: { conditions: [condition(icd('A56.09'))] },
    expected: 'critical',
  },
  {
    name: 'SNOMED chlamydia infection',
    input: { conditions: [condition(code(SYSTEM.sct, '240589008'))] },
    expected: 'critical',
  },
  { name: 'uncoded "Acute PID"', input: { conditions: [condition('Acute PID')] }, expected: 'critical' },
  {
    name: 'recurrence status',
    input: { conditions: [condition(icd('N72'), { clinical: 'recurrence' })] },
    expected: 'critical',
  },
  {
    name: 'positive CT NAAT 12 days ago',
    input: { observations: [observation(CT_NAAT, { coded: POSITIVE }, { date: daysAgo(12) })] },
    expected: 'critical',
  },
  {
    name: 'CT/NG identifier panel naming the organism',
    input: {
      observations: [observation(code(SYSTEM.loinc, '36903-3'), { coded: code(SYSTEM.sct, '63938009') })],
    },
    expected: 'critical',
  },
  {
    name: 'NAAT "Detected" as text, preliminary',
    input: { observations: [observation(CT_NAAT, { text: 'Detected' }, { status: 'preliminary' })] },
    expected: 'critical',
  },
  {
    name: 'resolved PID',
    input: { conditions: [condition(icd('N73.9'), { clinical: 'resolved' })] },
    expected: 'none',
  },
  {
    name: 'inactive chlamydia',
    input: { conditions: [condition(icd('A56.09'), { clinical: 'inactive' })] },
    expected: 'none',
  },
  {
    name: 'refuted chlamydia',
    input: { conditions: [condition(icd('A56.09'), { verification: 'refuted' })] },
    expected: 'none',
  },
  {
    name: 'abated PID without a clinical status',
    input: { conditions: [condition(icd('N73.9'), { clinical: null, abatement: daysAgo(300) })] },
    expected: 'none',
  },
  {
    name: 'untreated positive NAAT 70 days ago: does not expire (CDC 2021)',
    input: { observations: [observation(CT_NAAT, { coded: POSITIVE }, { date: daysAgo(70) })] },
    expected: 'critical',
  },
  {
    name: 'positive NAAT followed by a negative test of cure',
    input: {
      observations: [
        observation(CT_NAAT, { coded: POSITIVE }, { date: daysAgo(40) }),
        observation(CT_NAAT, { coded: NEGATIVE }, { date: daysAgo(5) }),
      ],
    },
    expected: 'none',
  },
  {
    name: '"History of PID" kept active on the problem list',
    input: { conditions: [condition({ ...icd('Z87.42'), display: 'History of PID' })] },
    expected: 'none',
  },
  {
    name: 'hydrosalpinx N70.11 (history, not acute)',
    input: { conditions: [condition(icd('N70.11'))] },
    expected: 'none',
  },
  {
    name: 'acute vaginitis N76.0 (out of scope)',
    input: { conditions: [condition(icd('N76.0'))] },
    expected: 'none',
  },
];

const doxycyclineDraft = medicationRequest('Doxycycline 100 mg tablet', 'draft');

const prophylaxisCases: RuleCase[] = [
  {
    name: 'resolved PID',
    input: { conditions: [condition(icd('N73.9'), { clinical: 'resolved' })] },
    expected: 'warning',
  },
  {
    name: 'hydrosalpinx N70.11, active',
    input: { conditions: [condition(icd('N70.11'))] },
    expected: 'warning',
  },
  {
    name: 'tubal-factor infertility N97.1 alone is not PID or dilated tubes (ACOG PB 195, Pereira 2016)',
    input: { conditions: [condition(icd('N97.1'))] },
    expected: 'none',
  },
  {
    name: 'haematosalpinx N83.6 is not dilated tubes (review 3.5)',
    input: { conditions: [condition(icd('N83.6'))] },
    expected: 'none',
  },
  {
    name: 'resolved chlamydial cervicitis A56.09 is a lower-tract infection, not PID (review 3.5)',
    input: { conditions: [condition(icd('A56.09'), { clinical: 'resolved' })] },
    expected: 'none',
  },
  {
    name: 'resolved cervicitis N72',
    input: { conditions: [condition(icd('N72'), { clinical: 'resolved' })] },
    expected: 'none',
  },
  {
    name: 'resolved chlamydial PID A56.11 is a history of PID',
    input: { conditions: [condition(icd('A56.11'), { clinical: 'resolved' })] },
    expected: 'warning',
  },
  {
    name: 'uncoded "Hydrosalpinx, left"',
    input: { conditions: [condition('Hydrosalpinx, left')] },
    expected: 'warning',
  },
  {
    name: 'Z87.42 recorded as "History of PID"',
    input: { conditions: [condition({ ...icd('Z87.42'), display: 'History of PID' })] },
    expected: 'warning',
  },
  {
    name: 'completed doxycycline course long ago does not suppress',
    input: {
      conditions: [condition(icd('N70.11'))],
      medicationRequests: [medicationRequest('Doxycycline 100 mg', 'completed')],
    },
    expected: 'warning',
  },
  { name: 'no history', input: {}, expected: 'none' },
  {
    name: 'active PID only (an infection, not history)',
    input: { conditions: [condition(icd('N73.9'))] },
    expected: 'none',
  },
  {
    name: 'refuted hydrosalpinx',
    input: { conditions: [condition(icd('N70.11'), { verification: 'refuted' })] },
    expected: 'none',
  },
  {
    name: 'doxycycline already active',
    input: {
      conditions: [condition(icd('N70.11'))],
      medicationRequests: [medicationRequest('Doxycycline hyclate 100 mg')],
    },
    expected: 'none',
  },
  {
    name: 'doxycycline already drafted',
    input: { conditions: [condition(icd('N70.11'))], otherDrafts: [doxycyclineDraft] },
    expected: 'none',
  },
];

describe('pelvic-infection', () => {
  test.each(infectionCases)('$name → $expected', ({ name, input, expected }) => {
    expectCaseWithNegativeHcg(knowledge, 'pelvic-infection', { name, input, expected });
  });

  test('fires for saline infusion sonohysterography too', () => {
    expectCase(knowledge, 'pelvic-infection', {
      name: 'SIS',
      input: { orders: [hsgOrder({ kind: 'sis' })], conditions: [condition(icd('N73.9'))] },
      expected: 'critical',
    });
  });

  test('aggregates several resources into one finding', () => {
    const finding = expectCase(knowledge, 'pelvic-infection', {
      name: 'two resources',
      input: {
        conditions: [condition(icd('A56.09')), condition(icd('N73.9'))],
        observations: [observation(CT_NAAT, { coded: POSITIVE }, { date: daysAgo(12) })],
      },
      expected: 'critical',
    });
    expect(finding?.evidence).toHaveLength(3);
    expect(finding?.summary).toBe(
      'Untreated positive chlamydia/gonorrhoea test 12 days ago: HSG is contraindicated until treated and resolved',
    );
  });
});

describe('antibiotic-prophylaxis', () => {
  test.each(prophylaxisCases)('$name → $expected', ({ name, input, expected }) => {
    expectCaseWithNegativeHcg(knowledge, 'antibiotic-prophylaxis', { name, input, expected });
  });

  test('suggests a doxycycline order', () => {
    const finding = expectCase(knowledge, 'antibiotic-prophylaxis', prophylaxisCases[0]!);
    expect(finding?.suggestions).toEqual([
      expect.objectContaining({
        kind: 'create-order',
        activityDefinition: RuleActivityDefinitions.doxycyclineProphylaxis,
      }),
    ]);
  });
});
