import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import request from 'supertest';
import { startFhirServer, type FhirTestServer } from '../src/dev/fhir-server/index.js';
import { newDraftOrder, writeOrderForm } from '../src/workbench/client/draft-order.js';
import { createFhirReader, patientName, searchPatients } from '../src/workbench/client/fhir-client.js';
import { buildHookRequest } from '../src/workbench/client/hook-request.js';
import { fetchPrefetch, prefetchFailures, prefetchFor } from '../src/workbench/client/prefetch.js';
import { readCards, readDiscovery } from '../src/workbench/client/wire.js';
import { WORKBENCH_USER_ID } from '../src/workbench/workbench-config.js';
import { EXAMPLES_NOW, readExampleBundles } from './e2e/support/example-patients.js';
import { expectValidResponse } from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';

/** The page's request building, run in Node against the real FHIR server and the real service. */
const { app } = createTestApp({ now: () => EXAMPLES_NOW });
let fhir: FhirTestServer;

beforeAll(async () => {
  fhir = await startFhirServer({ seed: readExampleBundles() });
});
afterAll(() => fhir.close());

const discover = async () => readDiscovery((await request(app).get('/cds-services')).body);
const context = (patientId: string) => ({ patientId, userId: WORKBENCH_USER_ID });

describe('the workbench client against real servers', () => {
  test('lists the synthetic patients by name, and finds one by name', async () => {
    const read = createFhirReader(fhir.baseUrl);
    const all = await searchPatients(read, '');
    expect(all.length).toBe(readExampleBundles().length);
    expect(all.every((p) => p.name?.[0]?.text?.startsWith('Synthetic — '))).toBe(true);
    expect(all.map(patientName)).toContain('Amara Nwosu · Synthetic — pregnant');
    expect((await searchPatients(read, 'Nwosu')).map((p) => p.id)).toEqual(['hsg-pregnant']);
  });

  test('fills every prefetch key from the discovery templates, each distinct query once for all services', async () => {
    const services = await discover();
    expect(services.map((s) => s.hook).sort()).toEqual(['order-select', 'order-sign', 'patient-view']);
    fhir.resetRequests();
    const cache = await fetchPrefetch(services, context('hsg-pregnant'), createFhirReader(fhir.baseUrl));
    // The order services share their keys; patient-view adds its pending-orders search.
    const keys = [...new Set(services.flatMap((s) => Object.keys(s.prefetch ?? {})))];
    expect(fhir.requests.length).toBe(keys.length);
    expect(prefetchFailures(cache)).toEqual([]);
    for (const service of services) {
      const prefetch = prefetchFor(service, context('hsg-pregnant'), cache);
      expect(Object.keys(prefetch).sort()).toEqual(Object.keys(service.prefetch ?? {}).sort());
      expect(prefetch.patient).toMatchObject({ resourceType: 'Patient', id: 'hsg-pregnant' });
    }
  });

  test('the request it builds is a valid order-select call that yields the critical pregnancy card', async () => {
    const services = await discover();
    const service = services.find((s) => s.hook === 'order-select');
    if (!service) throw new Error('no order-select service');
    const cache = await fetchPrefetch(services, context('hsg-pregnant'), createFhirReader(fhir.baseUrl));
    const draft = newDraftOrder({
      id: 'o1',
      patientId: 'hsg-pregnant',
      userId: WORKBENCH_USER_ID,
      authoredOn: EXAMPLES_NOW.toISOString(),
    });
    const order = writeOrderForm(draft, {
      kind: 'hsg',
      reasons: ['N97.9'],
      scheduledDate: '2026-12-02',
      contrast: 'water-soluble',
      place: 'office',
    });
    const hookRequest = buildHookRequest({
      hook: 'order-select',
      hookInstance: '0b4f3c6e-8d0a-4c53-9a8e-1f2d3c4b5a69',
      fhirServer: fhir.baseUrl,
      userId: WORKBENCH_USER_ID,
      patientId: 'hsg-pregnant',
      basket: { orders: [order], current: 'ServiceRequest/o1' },
      prefetch: prefetchFor(service, context('hsg-pregnant'), cache),
    });
    expect(hookRequest.context.selections).toEqual(['ServiceRequest/o1']);
    fhir.resetRequests();
    const res = await request(app).post(`/cds-services/${service.id}`).send(hookRequest);
    expect(res.status).toBe(200);
    expectValidResponse(res.body, hookRequest.context.draftOrders);
    // Everything came in the prefetch: the service did not need to query the FHIR server.
    expect(fhir.requests).toEqual([]);
    const cards = readCards(res.body);
    expect(cards.find((c) => c.source.topic?.code === 'pregnancy')?.indicator).toBe('critical');
  });

  test('a missing patient sends the server’s OperationOutcome; an unreachable server sends no keys', async () => {
    const services = await discover();
    const [service] = services;
    if (!service) throw new Error('no service');
    const missing = await fetchPrefetch(services, context('nobody'), createFhirReader(fhir.baseUrl));
    expect(prefetchFor(service, context('nobody'), missing).patient).toMatchObject({
      resourceType: 'OperationOutcome',
    });
    expect(prefetchFailures(missing)).toEqual(['Patient/nobody: HTTP 404']);

    const down = await fetchPrefetch(
      services,
      context('hsg-pregnant'),
      createFhirReader('http://127.0.0.1:9/fhir'),
    );
    expect(prefetchFor(service, context('hsg-pregnant'), down)).toEqual({});
    const queries = new Set(services.flatMap((s) => Object.keys(s.prefetch ?? {})));
    expect(prefetchFailures(down).length).toBe(queries.size);
  });
});
