import request from 'supertest';
import type { Bundle } from 'fhir/r4.js';
import { createTestApp } from './support/create-test-app.js';
import {
  expectOperationOutcome,
  expectValidResponse,
  fullPrefetch,
  hookRequest,
  hsgOrder,
  readFixture,
} from './support/cds-requests.js';

type Body = Record<string, unknown> & { context: Record<string, unknown>; hook?: string };

const { app } = createTestApp();

async function post(service: string, body: unknown) {
  return request(app)
    .post(`/cds-services/${service}`)
    .send(body as object);
}

describe('hook calls with public fixtures', () => {
  it.each([
    'cds-hooks-sandbox/pama-order-select-empty-draft.json',
    'cds-hooks-sandbox/pama-order-select-cpt-72133.json',
    'cds-hooks-sandbox/pama-order-select-cpt-72133-low-back-pain.json',
    'cds-hooks-for-pama/scenario-01-outbound-request.json',
    'cds-hooks-for-pama/scenario-02-outbound-request.json',
    'davinci-crd-test-kit/order_select_hook_request.json',
  ])('%s (order-select, no HSG order) → 200 with no cards', async (fixture) => {
    const res = await post('hsg-order-select', readFixture(fixture));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cards: [] });
    expectValidResponse(res.body);
  });

  it('the CRD test kit order-sign request (no HSG order) → 200 with no cards', async () => {
    const res = await post(
      'hsg-order-sign',
      readFixture('davinci-crd-test-kit/order_sign_hook_request.json'),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cards: [] });
  });

  it.each(['order-select', 'order-sign'] as const)(
    'the CDS Hooks Library %s R4 context example → 200 with no cards',
    async (hook) => {
      const { context } = readFixture<Body>(`hl7-cds-hooks-library/${hook}-r4-context-example.json`);
      const res = await post(`hsg-${hook}`, {
        hook,
        hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
        context,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ cards: [] });
    },
  );

  it('the sandbox request with an HSG study chosen → a valid card naming the order', async () => {
    const body = readFixture<Body>('cds-hooks-sandbox/pama-order-select-cpt-72133.json');
    const draftOrders = body.context.draftOrders as Bundle;
    const order = draftOrders.entry![0]!.resource as { code: unknown };
    order.code = {
      coding: [{ code: '74740', display: 'Hysterosalpingography', system: 'http://www.ama-assn.org/go/cpt' }],
    };
    body.prefetch = fullPrefetch(body.context.patientId as string);
    const res = await post('hsg-order-select', body);
    expect(res.status).toBe(200);
    expectValidResponse(res.body, draftOrders);
    expect(res.body.cards.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.body.cards)).toContain('ServiceRequest/example-request-id');
  });

  it.each([
    ['null_prefetch_values_invocation.json', 200],
    ['missing_prefetch_keys_invocation.json', 200],
  ])('AHRQ %s adapted to order-sign with an HSG order → %i', async (fixture, status) => {
    const body = readFixture<Body>(`ahrq-cql-services/${fixture}`);
    const patientId = body.context.patientId as string;
    body.hook = 'order-sign';
    body.context.draftOrders = {
      resourceType: 'Bundle',
      entry: [{ resource: hsgOrder('hsg-1', patientId) }],
    };
    // Their keys are not ours: the service treats them as not fetched and says what it could not check.
    const res = await post('hsg-order-sign', body);
    expect(res.status).toBe(412);
    expectOperationOutcome(res.body);
    // With our keys null (no data), the same call screens on "no data" and answers 200.
    body.prefetch = Object.fromEntries(Object.keys(fullPrefetch(patientId)).map((k) => [k, null]));
    const ok = await post('hsg-order-sign', body);
    expect(ok.status).toBe(status);
    expectValidResponse(ok.body);
  });
});

describe('recognising HSG orders', () => {
  it('order-sign: each HSG order gets its own card; non-HSG drafts are ignored', async () => {
    const other = {
      resourceType: 'MedicationRequest',
      id: 'm1',
      status: 'draft',
      intent: 'order',
      subject: { reference: 'Patient/p1' },
    };
    const body = hookRequest('order-sign', [hsgOrder('a'), hsgOrder('b'), other as never]);
    const res = await post('hsg-order-sign', body);
    expect(res.status).toBe(200);
    expectValidResponse(res.body, body.context.draftOrders as Bundle);
    const text = JSON.stringify(res.body);
    expect(text).toContain('ServiceRequest/a');
    expect(text).toContain('ServiceRequest/b');
  });

  it('order-select: only selected orders are screened; other drafts are context', async () => {
    const body = hookRequest('order-select', [hsgOrder('a'), hsgOrder('b')], {
      selections: ['ServiceRequest/b'],
    });
    const res = await post('hsg-order-select', body);
    const text = JSON.stringify(res.body);
    expect(text).toContain('ServiceRequest/b');
    expect(text).not.toContain('ServiceRequest/a"');
  });

  it('order-select with an HSG draft that is not selected → no cards', async () => {
    const other = hsgOrder('lab', 'p1', { code: { text: 'CBC' } });
    const body = hookRequest('order-select', [hsgOrder('a'), other], {
      selections: ['ServiceRequest/lab'],
    });
    const res = await post('hsg-order-select', body);
    expect(res.body).toEqual({ cards: [] });
  });

  it('recognises an STU3 ProcedureRequest and a free-text order', async () => {
    const stu3 = { ...hsgOrder('pr1'), resourceType: 'ProcedureRequest' };
    const text = hsgOrder('t1', 'p1', { code: { text: 'Hysterosalpingogram (local code)' } });
    const body = hookRequest('order-sign', [stu3 as never, text]);
    const res = await post('hsg-order-sign', body);
    expect(res.status).toBe(200);
    const json = JSON.stringify(res.body);
    expect(json).toContain('ProcedureRequest/pr1');
    expect(json).toContain('ServiceRequest/t1');
  });

  it('tolerates selections on order-sign, a Bundle without type and code.coding [{}]', async () => {
    const empty = hsgOrder('e1', 'p1', { intent: 'plan', code: { coding: [{}] } });
    const body = hookRequest('order-sign', [empty, hsgOrder('h1')]);
    const context = body.context as Record<string, unknown>;
    context.selections = ['ServiceRequest/e1'];
    delete (context.draftOrders as Record<string, unknown>).type;
    const res = await post('hsg-order-sign', body);
    expect(res.status).toBe(200);
    expectValidResponse(res.body);
    expect(JSON.stringify(res.body)).toContain('ServiceRequest/h1');
  });

  it('no HSG order → no data needed: 200 even without prefetch or fhirServer', async () => {
    const body = hookRequest('order-sign', [], { prefetch: null });
    const res = await post('hsg-order-sign', body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cards: [] });
  });

  it('an HSG order with no way to get any data → 412 OperationOutcome naming the prefetch keys', async () => {
    const body = hookRequest('order-sign', [hsgOrder()], { prefetch: null });
    const res = await post('hsg-order-sign', body);
    expect(res.status).toBe(412);
    expectOperationOutcome(res.body);
    expect(res.body.issue[0].expression).toContain('prefetch.observations');
  });
});
