import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type { Bundle, FhirResource, Patient } from 'fhir/r4.js';
import request from 'supertest';
import type { CdsResponse } from '../src/protocol/cds-types.js';
import { expectValidResponse, hookRequest, searchset } from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';
import { exampleOrderAsDraft } from '../src/knowledge-pages/example-cards.js';
import { NOW } from './support/rules-fixtures.js';
import {
  EXAMPLE_PATIENTS_DIR as DIR,
  readChartTable as readChart,
  readOrderHookTable as readExpectations,
  recordPrefetch,
} from './e2e/support/example-patients.js';

const { app } = createTestApp({ now: () => NOW });

function readBundle(id: string): FhirResource[] {
  const bundle = JSON.parse(readFileSync(join(DIR, `${id}.json`), 'utf8')) as Bundle;
  return (bundle.entry ?? [])
    .map((entry) => entry.resource)
    .filter((r): r is FhirResource => r !== undefined);
}

/** order-sign for the Bundle's order, sent as the draft it is while being signed, whatever its stored status. */
function callFor(id: string) {
  const resources = readBundle(id);
  const drafts = exampleOrderAsDraft(id, resources);
  return hookRequest('order-sign', drafts, { patientId: id, prefetch: recordPrefetch(resources) });
}

/** patient-view for the chart: every stored ServiceRequest in the pendingOrders key (the service filters). */
function patientViewFor(id: string) {
  const resources = readBundle(id);
  const orders = resources.filter((r) => r.resourceType === 'ServiceRequest');
  return {
    hook: 'patient-view',
    hookInstance: randomUUID(),
    context: { patientId: id, userId: 'Practitioner/dr-1' },
    prefetch: { ...recordPrefetch(resources), pendingOrders: searchset(orders) },
  };
}

const expectations = readExpectations();
const chart = readChart();

describe('example patients (fhir-profiles/examples/patients)', () => {
  test('the README lists every Bundle in the folder, and each Bundle names its patient', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(expectations.map((e) => e.id).sort()).toEqual(files);
    for (const { id } of expectations) {
      const patient = readBundle(id).find((r) => r.resourceType === 'Patient');
      expect(patient?.id).toBe(id);
      expect(patient?.resourceType === 'Patient' && patient.name?.[0]?.text).toMatch(/^Synthetic — /);
    }
  });

  test('every patient has a given and a family name, as the chart table lists them', () => {
    expect(chart.map((row) => row.id).sort()).toEqual(expectations.map((e) => e.id).sort());
    for (const row of chart) {
      const patient = readBundle(row.id).find((r): r is Patient => r.resourceType === 'Patient');
      const name = patient?.name?.[0];
      expect(name?.family).toMatch(/^\S/);
      expect(name?.given?.length).toBeGreaterThan(0);
      expect(`${name?.given?.join(' ')} ${name?.family}`).toBe(row.name);
      const order = readBundle(row.id).find((r) => r.id === `${row.id}-order`);
      expect(order?.resourceType === 'ServiceRequest' && order.status).toBe(row.status);
    }
    // Several charts with a pending HSG order that shows cards, and others that show none.
    expect(chart.filter((row) => row.cards.length > 0).length).toBeGreaterThanOrEqual(5);
    expect(
      chart.filter((row) => !['draft', 'active', 'on-hold'].includes(row.status)).length,
    ).toBeGreaterThan(5);
  });

  test.each(chart)(
    '$id: opening the chart (patient-view) gives the cards the chart table lists',
    async ({ id, cards }) => {
      const body = patientViewFor(id);
      const res = await request(app).post('/cds-services/hsg-patient-view').send(body).expect(200);
      expectValidResponse(res.body, body.prefetch.pendingOrders as Bundle);
      const shown = (res.body as CdsResponse).cards.map(
        (card) => `${card.source.topic?.code}:${card.indicator}`,
      );
      expect(shown.sort()).toEqual(cards);
    },
  );

  test.each(expectations)('$id produces the cards the README lists', async ({ id, cards }) => {
    const body = callFor(id);
    const res = await request(app).post('/cds-services/hsg-order-sign').send(body).expect(200);
    expectValidResponse(res.body, body.context.draftOrders as Bundle);
    const clinical = (res.body as CdsResponse).cards
      .filter((card) => card.source.topic?.code !== 'billing-codes')
      .map((card) => `${card.source.topic?.code}:${card.indicator}`)
      .sort();
    expect(clinical).toEqual(cards);
  });
});
