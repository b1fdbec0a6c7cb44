import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Bundle, FhirResource, ServiceRequest } from 'fhir/r4.js';
import request from 'supertest';
import { startFhirServer, type FhirTestServer } from '../src/dev/fhir-server/index.js';
import type { CdsResponse } from '../src/protocol/cds-types.js';
import {
  expectOperationOutcome,
  expectValidResponse,
  fullPrefetch,
  hsgOrder,
  searchset,
} from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';
import { pregnantPatient, transaction } from './support/seed-patients.js';

const PATIENT_VIEW = '/cds-services/hsg-patient-view';
const now = new Date();
const { app } = createTestApp({ now: () => now });

/** A stored HSG order in the chart, scheduled for tomorrow. */
function chartOrder(id: string, patientId: string, status: ServiceRequest['status']): ServiceRequest {
  return hsgOrder(id, patientId, {
    status,
    occurrenceDateTime: new Date(now.getTime() + 86400000).toISOString(),
    reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'N97.9' }] }],
  });
}

/** A pending STU3 ProcedureRequest, as an STU3 EHR fills the orders key. */
function procedureRequest(id: string, patientId: string, status: string): FhirResource {
  const { resourceType: _type, status: _status, ...rest } = chartOrder(id, patientId, 'active');
  return { resourceType: 'ProcedureRequest', status, ...rest } as unknown as FhirResource;
}

function patientView(
  patientId: string,
  options: { prefetch?: Record<string, FhirResource | null>; fhirServer?: string } = {},
) {
  return {
    hookInstance: randomUUID(),
    hook: 'patient-view',
    ...(options.fhirServer ? { fhirServer: options.fhirServer } : {}),
    context: { patientId, userId: 'Practitioner/dr-1' },
    ...(options.prefetch ? { prefetch: options.prefetch } : {}),
  };
}

/** The record of a pregnant patient (positive hCG two days ago) as prefetch, with these chart orders. */
function pregnantPrefetch(patientId: string, orders: readonly FhirResource[]) {
  const [patient, hcg, ...rest] = pregnantPatient(patientId, now);
  return fullPrefetch(patientId, {
    patient: patient ?? null,
    observations: searchset(hcg ? [hcg] : []),
    conditions: searchset(rest.filter((r) => r.resourceType === 'Condition')),
    pendingOrders: searchset(orders),
  });
}

const cardsOf = (body: CdsResponse) => body.cards.map((c) => `${c.source.topic?.code}:${c.indicator}`).sort();

describe('hsg-patient-view from prefetch', () => {
  it('is in discovery on the patient-view hook, with a pending-orders key before the patient data keys', async () => {
    const res = await request(app).get('/cds-services').expect(200);
    const service = (
      res.body as { services: { id: string; hook: string; prefetch: Record<string, string> }[] }
    ).services.find((s) => s.id === 'hsg-patient-view');
    expect(service?.hook).toBe('patient-view');
    expect(Object.keys(service?.prefetch ?? {})[0]).toBe('pendingOrders');
    expect(service?.prefetch.pendingOrders).toBe(
      'ServiceRequest?patient={{context.patientId}}&status=draft,active,on-hold',
    );
    expect(service?.prefetch.observations).toContain('Observation?patient={{context.patientId}}');
  });

  it.each(['draft', 'active', 'on-hold'] as const)(
    'screens a pending (%s) HSG order as order-sign does, without info cards',
    async (status) => {
      const order = chartOrder('hsg-pending', 'pv-1', status);
      const body = patientView('pv-1', { prefetch: pregnantPrefetch('pv-1', [order]) });
      const res = await request(app).post(PATIENT_VIEW).send(body).expect(200);
      expectValidResponse(res.body, searchset([order]));
      expect(cardsOf(res.body as CdsResponse)).toEqual(['pregnancy:critical']);
      const card = (res.body as CdsResponse).cards[0];
      expect(card?.extension?.['org.hsg-cds.order']).toBe('ServiceRequest/hsg-pending');
    },
  );

  it('the same record on order-sign also gets info cards (billing), which patient-view leaves out', async () => {
    const order = chartOrder('hsg-pending', 'pv-1', 'draft');
    const { pendingOrders: _unused, ...prefetch } = pregnantPrefetch('pv-1', []);
    const sign = {
      hookInstance: randomUUID(),
      hook: 'order-sign',
      context: {
        patientId: 'pv-1',
        userId: 'Practitioner/dr-1',
        draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: order }] },
      },
      prefetch,
    };
    const res = await request(app).post('/cds-services/hsg-order-sign').send(sign).expect(200);
    expect(cardsOf(res.body as CdsResponse)).toEqual(['billing-codes:info', 'pregnancy:critical']);
  });

  it('screens each pending order, including an STU3 ProcedureRequest', async () => {
    const orders = [chartOrder('hsg-a', 'pv-2', 'active'), procedureRequest('hsg-b', 'pv-2', 'active')];
    const res = await request(app)
      .post(PATIENT_VIEW)
      .send(patientView('pv-2', { prefetch: pregnantPrefetch('pv-2', orders) }))
      .expect(200);
    const about = (res.body as CdsResponse).cards.map((c) => c.extension?.['org.hsg-cds.order']).sort();
    expect(about).toEqual(['ProcedureRequest/hsg-b', 'ServiceRequest/hsg-a']);
  });

  it.each(['completed', 'revoked', 'entered-in-error', 'unknown'] as const)(
    'ignores an HSG order whose status is %s, even when the EHR sends it',
    async (status) => {
      const order = chartOrder('hsg-old', 'pv-3', status);
      const res = await request(app)
        .post(PATIENT_VIEW)
        .send(patientView('pv-3', { prefetch: pregnantPrefetch('pv-3', [order]) }))
        .expect(200);
      expect(res.body).toEqual({ cards: [] });
    },
  );

  it('gives nothing for a chart without pending orders, or with only other pending orders', async () => {
    const ultrasound: ServiceRequest = {
      resourceType: 'ServiceRequest',
      id: 'us-1',
      status: 'active',
      intent: 'order',
      code: { text: 'US pelvis transvaginal' },
      subject: { reference: 'Patient/pv-4' },
    };
    for (const orders of [[], [ultrasound]]) {
      const res = await request(app)
        .post(PATIENT_VIEW)
        .send(patientView('pv-4', { prefetch: pregnantPrefetch('pv-4', orders) }))
        .expect(200);
      expect(res.body).toEqual({ cards: [] });
    }
  });

  it('ignores pending orders of another patient', async () => {
    const res = await request(app)
      .post(PATIENT_VIEW)
      .send(
        patientView('pv-5', {
          prefetch: pregnantPrefetch('pv-5', [chartOrder('x', 'someone-else', 'active')]),
        }),
      )
      .expect(200);
    expect(res.body).toEqual({ cards: [] });
  });

  it('shows no card when the only findings are info (pregnancy test reminder, billing)', async () => {
    const order = chartOrder('hsg-info', 'pv-6', 'active');
    const prefetch = fullPrefetch('pv-6', { pendingOrders: searchset([order]) });
    const res = await request(app).post(PATIENT_VIEW).send(patientView('pv-6', { prefetch })).expect(200);
    expect(res.body).toEqual({ cards: [] });
    const sign = await request(app)
      .post('/cds-services/hsg-order-sign')
      .send({
        hookInstance: randomUUID(),
        hook: 'order-sign',
        context: {
          patientId: 'pv-6',
          userId: 'Practitioner/dr-1',
          draftOrders: { resourceType: 'Bundle', entry: [{ resource: order }] },
        },
        prefetch,
      })
      .expect(200);
    expect(cardsOf(sign.body as CdsResponse)).toContain('pregnancy-test-needed:info');
  });

  it('answers 412 when the pending orders can be had neither from prefetch nor from a FHIR server', async () => {
    const { pendingOrders: _unused, ...prefetch } = pregnantPrefetch('pv-7', []);
    const res = await request(app).post(PATIENT_VIEW).send(patientView('pv-7', { prefetch })).expect(412);
    expectOperationOutcome(res.body);
    expect(JSON.stringify(res.body)).toContain('prefetch.pendingOrders');
  });

  it('refuses another hook, and order-select sent to it, with 400', async () => {
    const body = { ...patientView('pv-1'), hook: 'order-select' };
    const res = await request(app).post(PATIENT_VIEW).send(body).expect(400);
    expectOperationOutcome(res.body);
  });
});

describe('hsg-patient-view without prefetch: the FHIR server', () => {
  let fhir: FhirTestServer;
  const seed: Bundle[] = [];
  beforeAll(async () => {
    seed.push(
      transaction([
        ...pregnantPatient('fv-pending', now),
        chartOrder('fv-pending-hsg', 'fv-pending', 'active'),
      ]),
      transaction([
        ...pregnantPatient('fv-revoked', now),
        chartOrder('fv-revoked-hsg', 'fv-revoked', 'revoked'),
      ]),
      transaction([
        ...pregnantPatient('fv-done', now),
        chartOrder('fv-done-hsg', 'fv-done', 'completed'),
        chartOrder('fv-error-hsg', 'fv-done', 'entered-in-error'),
      ]),
      transaction(pregnantPatient('fv-none', now)),
    );
    fhir = await startFhirServer({ seed });
  });
  afterAll(async () => {
    await fhir.close();
  });

  const call = async (patientId: string) => {
    fhir.resetRequests();
    const res = await request(app)
      .post(PATIENT_VIEW)
      .send(patientView(patientId, { fhirServer: fhir.baseUrl }))
      .expect(200);
    return { body: res.body as CdsResponse, requests: fhir.requests.map((r) => r.resourceType) };
  };

  it('finds the pending order with one search, then fetches the record and screens it', async () => {
    const { body, requests } = await call('fv-pending');
    expectValidResponse(body);
    expect(cardsOf(body)).toEqual(['pregnancy:critical']);
    expect(requests[0]).toBe('ServiceRequest');
    expect(requests.slice(1).sort()).toEqual(['AllergyIntolerance', 'Condition', 'Observation', 'Procedure']);
    expect(fhir.requests[0]?.query).toContain('status=draft,active,on-hold');
  });

  it('answers 412 when the FHIR server cannot be reached for the pending orders', async () => {
    const res = await request(app)
      .post(PATIENT_VIEW)
      .send(patientView('fv-pending', { fhirServer: 'http://127.0.0.1:9/fhir/R4' }))
      .expect(412);
    expectOperationOutcome(res.body);
    expect(JSON.stringify(res.body)).toContain('pending orders could not be obtained');
  });

  it.each(['fv-revoked', 'fv-done', 'fv-none'])(
    'asks only for the pending orders of %s, finds none and answers no cards',
    async (patientId) => {
      const { body, requests } = await call(patientId);
      expect(body).toEqual({ cards: [] });
      expect(requests).toEqual(['ServiceRequest']);
    },
  );
});
