/**
 * The card's "What to do" must not contradict the finding: a finding carries its own action when its variant's
 * advice differs from the finding kind's page (fhir-profiles/pages/finding-kinds.json), and none otherwise.
 */
import { describe, expect, test } from '@jest/globals';
import {
  allergy,
  code,
  condition,
  daysAgo,
  hsgOrder,
  icd,
  lmpForCycleDay,
  medicationRequest,
  negativeHcgYesterday,
  observation,
  POSITIVE,
  screeningInput,
  sct,
  SERUM_HCG,
  SYSTEM,
  type InputOptions,
} from '../../test/support/rules-fixtures.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { evaluateRules } from './evaluate-rules.js';
import type { Finding } from './types.js';

const knowledge = loadKnowledge();
const CT = code(SYSTEM.loinc, '43304-5', 'Chlamydia trachomatis rRNA [Presence] in Specimen by NAA');
const oil = [hsgOrder({ contrast: 'oil' })];
const negative = negativeHcgYesterday();

function finding(kind: string, options: InputOptions): Finding {
  const found = evaluateRules(screeningInput(knowledge, options)).find((f) => f.kind === kind);
  if (!found) throw new Error(`no ${kind} finding`);
  return found;
}

describe('per-finding actions', () => {
  test('pregnancy: the critical card takes the page advice, the stale record its own', () => {
    const critical = finding('pregnancy', { observations: [observation(SERUM_HCG, { coded: POSITIVE })] });
    expect([critical.severity, critical.action]).toEqual(['critical', undefined]);
    const stale = finding('pregnancy', {
      conditions: [condition(icd('Z33.1'), { onset: daysAgo(200) })],
      observations: [negative],
    });
    expect(stale.severity).toBe('warning');
    expect(stale.action).toMatch(
      /^Not a contraindication by itself: confirm .* resolve the pregnancy Condition/,
    );
  });

  test('pelvic-infection: untreated takes the page advice; treated < 7 days defers; treated later confirms cure', () => {
    const positive = observation(CT, { coded: POSITIVE }, { date: daysAgo(40) });
    const treated = (days: number) => [
      medicationRequest('Azithromycin 1 g once', 'completed', daysAgo(days)),
    ];
    expect(finding('pelvic-infection', { observations: [positive, negative] }).action).toBeUndefined();
    const recent = finding('pelvic-infection', {
      observations: [positive, negative],
      medicationRequests: treated(2),
    });
    expect([recent.severity, recent.action]).toEqual([
      'critical',
      'Treated: defer the HSG until at least 7 days after treatment, and confirm the partner was treated.',
    ]);
    const later = finding('pelvic-infection', {
      observations: [positive, negative],
      medicationRequests: treated(30),
    });
    expect(later.severity).toBe('warning');
    expect(later.action).toMatch(/^Treated: confirm cure and partner treatment/);
  });

  test('cycle-timing with oil: only the critical days say oil is contraindicated', () => {
    const menses = finding('cycle-timing', { orders: oil, observations: [lmpForCycleDay(2), negative] });
    expect(menses.severity).toBe('critical');
    expect(menses.summary).toMatch(/oil-based contrast is contraindicated then$/);
    expect(menses.action).toMatch(/use water-soluble contrast/);
    const luteal = finding('cycle-timing', { orders: oil, observations: [lmpForCycleDay(16), negative] });
    expect(luteal.severity).toBe('warning');
    expect(luteal.summary).not.toMatch(/contraindicated/);
    expect(luteal.action).toBeUndefined();
    const unknown = finding('cycle-timing', { observations: [lmpForCycleDay(30), negative] });
    expect([unknown.severity, unknown.action]).toEqual([
      'info',
      'Confirm the date of the last period when scheduling; if a new cycle has begun, schedule within its window.',
    ]);
  });

  test('oil-contrast cards: own action per variant, and for an order that names no contrast', () => {
    const hyper = finding('oil-contrast-thyroid', { orders: oil, conditions: [condition(icd('E05.00'))] });
    expect([hyper.severity, hyper.action]).toEqual([
      'critical',
      'Use water-soluble contrast or a contrast-free study instead, or clarify thyroid status first: oil-based contrast is contraindicated.',
    ]);
    expect(finding('oil-contrast-thyroid', { orders: oil }).action).toMatch(/^Check TSH/);
    const planned = finding('oil-contrast-label', {
      orders: [hsgOrder({ contrast: 'none' })],
      conditions: [condition(sct('195967001', 'Asthma'))],
    });
    expect(planned.severity).toBe('info');
    expect(planned.action).toMatch(/^The order names no contrast agent/);
  });

  test('contrast-allergy with oil and prophylaxis with a doxycycline allergy have their own action', () => {
    const contrast = allergy(sct('293637006', 'Allergy to contrast media'));
    expect(finding('contrast-allergy', { allergies: [contrast] }).action).toBeUndefined();
    expect(finding('contrast-allergy', { orders: oil, allergies: [contrast] }).action).toMatch(
      /^Do not use oil-based contrast/,
    );
    const pid = { conditions: [condition(icd('N70.11'))] };
    expect(finding('antibiotic-prophylaxis', pid).action).toBeUndefined();
    expect(finding('antibiotic-prophylaxis', { ...pid, allergies: [allergy('Doxycycline')] }).action).toMatch(
      /^Agree an alternative prophylaxis/,
    );
  });
});
