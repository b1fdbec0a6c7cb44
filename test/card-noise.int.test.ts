/**
 * Alert-fatigue measurement (clinical-review.md section 2 and issue 17): every example patient and two typical
 * clean infertility orders go through the real service on order-select and order-sign, and the cards per order
 * are counted by indicator. The goal: a clean order gets no warning or critical card and at most one info card on
 * order-select. The figures asserted here are the ones in the README ("Alert fatigue"); run with NOISE_REPORT=1 to
 * print the table.
 */
import { describe, expect, test } from '@jest/globals';
import type { Bundle, FhirResource, Observation } from 'fhir/r4.js';
import request from 'supertest';
import type { CdsResponse } from '../src/protocol/cds-types.js';
import { fullPrefetch, hookRequest } from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';
import { readExampleBundles, recordPrefetch } from './e2e/support/example-patients.js';
import {
  condition,
  daysAgo,
  hsgOrder,
  INFERTILITY,
  LMP,
  NOW,
  observation,
} from './support/rules-fixtures.js';

const { app } = createTestApp({ now: () => NOW });
type Hook = 'order-select' | 'order-sign';
type Tally = Record<'critical' | 'warning' | 'info', number>;

interface Scenario {
  readonly name: string;
  readonly patientId: string;
  readonly resources: readonly FhirResource[];
}

function fromBundle(bundle: Bundle): Scenario {
  const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  return { name: bundle.id ?? '?', patientId: bundle.id ?? '?', resources };
}

/** A 32-year-old with N97.9 and an LMP recorded at the visit, no hCG yet (review section 2). */
function cleanInfertility(name: string, lmpDaysAgo: number, scheduled: string | null): Scenario {
  const lmp: Observation = observation(
    LMP,
    { dateTime: daysAgo(lmpDaysAgo).slice(0, 10) },
    { date: daysAgo(0) },
  );
  return {
    name,
    patientId: 'rules-patient',
    resources: [
      { resourceType: 'Patient', id: 'rules-patient', gender: 'female', birthDate: '1994-05-01' },
      condition(INFERTILITY, { onset: daysAgo(120) }),
      lmp,
      hsgOrder({ scheduled }),
    ],
  };
}

async function tally(scenario: Scenario, hook: Hook): Promise<Tally> {
  const drafts = scenario.resources.filter((r) => r.resourceType === 'ServiceRequest');
  const prefetch = fullPrefetch(scenario.patientId, {
    patient: scenario.resources.find((r) => r.resourceType === 'Patient') ?? null,
  });
  Object.assign(prefetch, recordPrefetch(scenario.resources));
  const body = hookRequest(hook, drafts, { patientId: scenario.patientId, prefetch });
  const res = await request(app).post(`/cds-services/hsg-${hook}`).send(body).expect(200);
  const counts: Tally = { critical: 0, warning: 0, info: 0 };
  for (const card of (res.body as CdsResponse).cards) counts[card.indicator as keyof Tally] += 1;
  return counts;
}

const clean = [
  cleanInfertility('clean A: unscheduled order at the consult, cycle day 20', 19, null),
  cleanInfertility('clean B: scheduled into the next cycle, LMP 29 days before', 28, daysAgo(-1)),
];
const examples = readExampleBundles().map(fromBundle);

describe('card noise per order', () => {
  test('a clean infertility order: no warning or critical, at most one info card on order-select', async () => {
    for (const scenario of [...clean, ...examples.filter((e) => e.name === 'hsg-clean')]) {
      const select = await tally(scenario, 'order-select');
      expect([scenario.name, select.critical, select.warning]).toEqual([scenario.name, 0, 0]);
      expect(select.info).toBeLessThanOrEqual(1);
      const sign = await tally(scenario, 'order-sign');
      expect([scenario.name, sign.critical, sign.warning]).toEqual([scenario.name, 0, 0]);
    }
  });

  test('the figures the README states', async () => {
    const rows: string[] = [];
    const totals: Record<Hook, Tally> = {
      'order-select': { critical: 0, warning: 0, info: 0 },
      'order-sign': { critical: 0, warning: 0, info: 0 },
    };
    const cleanRows: Record<string, string> = {};
    for (const scenario of [...clean, ...examples]) {
      const cells: string[] = [];
      for (const hook of ['order-select', 'order-sign'] as const) {
        const t = await tally(scenario, hook);
        cells.push(`${t.critical}/${t.warning}/${t.info}`);
        if (examples.includes(scenario))
          for (const k of ['critical', 'warning', 'info'] as const) totals[hook][k] += t[k];
      }
      rows.push(`| ${scenario.name} | ${cells.join(' | ')} |`);
      if (!examples.includes(scenario) || scenario.name === 'hsg-clean')
        cleanRows[scenario.name] = cells.join(' ');
    }
    if (process.env.NOISE_REPORT) process.stdout.write(`${rows.join('\n')}\n`);
    // critical/warning/info on order-select, then on order-sign.
    expect(cleanRows).toEqual({
      'clean A: unscheduled order at the consult, cycle day 20': '0/0/1 0/0/3',
      'clean B: scheduled into the next cycle, LMP 29 days before': '0/0/1 0/0/3',
      'hsg-clean': '0/0/0 0/0/1',
    });
    expect({ patients: examples.length, ...totals }).toEqual({
      patients: 35,
      'order-select': { critical: 6, warning: 16, info: 3 },
      'order-sign': { critical: 6, warning: 18, info: 39 },
    });
  });
});
