/**
 * Completeness items of the independent clinical review (clinical-review.md section 4 and P3 items 16-19): recent
 * procedures (3.10), exogenous hCG ([S17]), tetracycline allergy (3.5), amenorrhoea/PCOS ([S11], [S24]), CT/NG
 * screening ([S5b]) and oil-based contrast when the order names no contrast (3.11).
 */
import { describe, expect, test } from '@jest/globals';
import {
  allergy,
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
  procedure,
  SERUM_HCG,
  sct,
  SYSTEM,
  type RuleCase,
} from '../../test/support/rules-fixtures.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';

const knowledge = loadKnowledge();
const BIOPSY = sct('386802000', 'Endometrial biopsy');
const unspecified = [hsgOrder({ contrast: 'none' })];
const CT_NAAT = code(SYSTEM.loinc, '43304-5', 'Chlamydia trachomatis rRNA [Presence] in Specimen by NAA');

const procedureCases: RuleCase[] = [
  {
    name: 'SIS 5 days after an office endometrial biopsy: often done together (review 3.10)',
    input: { orders: [hsgOrder({ kind: 'sis' })], procedures: [procedure(BIOPSY, daysAgo(4))] },
    expected: 'none',
  },
  {
    name: 'oil-based HSG after an endometrial biopsy only: a warning, not the label\'s "curettage"',
    input: { orders: [hsgOrder({ contrast: 'oil' })], procedures: [procedure(BIOPSY, daysAgo(4))] },
    expected: 'warning',
  },
  {
    name: 'diagnostic hysteroscopy (CPT 58555) 10 days before',
    input: { procedures: [procedure(code(SYSTEM.cpt, '58555'), daysAgo(9))] },
    expected: 'warning',
  },
  {
    name: 'laparoscopic salpingectomy for ectopic pregnancy (CPT 59151) 20 days before',
    input: { procedures: [procedure(code(SYSTEM.cpt, '59151'), daysAgo(19))] },
    expected: 'warning',
  },
];

const screeningCases: RuleCase[] = [
  { name: 'age 22, no CT/NG NAAT on record', input: { birthDate: '2004-06-01' }, expected: 'info' },
  {
    name: 'age 22, negative NAAT 100 days ago',
    input: {
      birthDate: '2004-06-01',
      observations: [observation(CT_NAAT, { coded: NEGATIVE }, { date: daysAgo(100) })],
    },
    expected: 'none',
  },
  { name: 'age 30', input: { birthDate: '1996-06-01' }, expected: 'none' },
  { name: 'age unknown', input: {}, expected: 'none' },
  {
    name: 'age 22 with an active PID (its own card)',
    input: { birthDate: '2004-06-01', conditions: [condition(icd('N73.9'))] },
    expected: 'none',
  },
];

const oilPlannedThyroid: RuleCase[] = [
  {
    name: 'contrast not named, Graves disease: info "if oil-based contrast is planned"',
    input: { orders: unspecified, conditions: [condition(icd('E05.00'))] },
    expected: 'info',
  },
  {
    name: 'contrast not named, no TSH on record: nothing to ask yet',
    input: { orders: unspecified },
    expected: 'none',
  },
  {
    name: 'water-soluble contrast named, Graves disease',
    input: { conditions: [condition(icd('E05.00'))] },
    expected: 'none',
  },
  {
    name: 'SIS (no contrast), Graves disease',
    input: { orders: [hsgOrder({ kind: 'sis' })], conditions: [condition(icd('E05.00'))] },
    expected: 'none',
  },
];

describe('recent-uterine-procedure (review 3.10)', () => {
  test.each(procedureCases)('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'recent-uterine-procedure', c);
  });
});

describe('ctng-screening ([S5b])', () => {
  test.each(screeningCases)('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'ctng-screening', c);
  });
});

describe('oil-based contrast when the order names no contrast (review 3.11)', () => {
  test.each(oilPlannedThyroid)('$name → $expected', (c) => {
    expectCaseWithNegativeHcg(knowledge, 'oil-contrast-thyroid', c);
  });

  test('asthma with contrast not named: an oil-contrast-label info card', () => {
    const finding = expectCaseWithNegativeHcg(knowledge, 'oil-contrast-label', {
      name: 'asthma',
      input: { orders: unspecified, conditions: [condition('Asthma')] },
      expected: 'info',
    });
    expect(finding?.summary).toMatch(
      /^If oil-based contrast is planned: Asthma or an allergic disorder on record/,
    );
  });
});

describe('caveats on the pregnancy and prophylaxis cards', () => {
  test('an hCG trigger injection 5 days before a positive test is named on the card ([S17])', () => {
    const finding = expectCase(knowledge, 'pregnancy', {
      name: 'Ovidrel then positive',
      input: {
        observations: [observation(SERUM_HCG, { coded: POSITIVE }, { date: daysAgo(2) })],
        medicationRequests: [medicationRequest('Ovidrel 250 mcg subcutaneous', 'completed', daysAgo(7))],
      },
      expected: 'critical',
    });
    expect(finding?.explanation).toMatch(/hCG injection \(ovulation trigger\)/);
  });

  test('a doxycycline allergy: no doxycycline order offered, an alternative asked for (review 3.5)', () => {
    const finding = expectCaseWithNegativeHcg(knowledge, 'antibiotic-prophylaxis', {
      name: 'hydrosalpinx and doxycycline allergy',
      input: { conditions: [condition(icd('N70.11'))], allergies: [allergy('Doxycycline')] },
      expected: 'warning',
    });
    expect(finding?.suggestions).toEqual([]);
    expect(finding?.summary).toMatch(/agree alternative prophylaxis/);
  });

  test('PCOS: the pregnancy-test card says the last period does not date the cycle ([S11])', () => {
    const finding = expectCase(knowledge, 'pregnancy-test-needed', {
      name: 'PCOS',
      input: { conditions: [condition('Polycystic ovary syndrome')] },
      expected: 'info',
    });
    expect(finding?.explanation).toMatch(/progestin-induced bleed/);
  });
});
