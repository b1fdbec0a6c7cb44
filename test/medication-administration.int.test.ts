/**
 * CT/NG treatment given in clinic (a MedicationAdministration) over HTTP, with the example patient
 * hsg-chlamydia-treated-administered: read from the `medicationAdministrations` prefetch key, and, like the
 * `medications` key, never fetched by the fallback (which stays at the 4 searches the rules cannot do without).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, FhirResource, MedicationAdministration, ServiceRequest } from 'fhir/r4.js';
import request from 'supertest';
import { expectValidResponse, hookRequest, searchset } from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';
import { EXAMPLE_PATIENTS_DIR, EXAMPLES_NOW } from './e2e/support/example-patients.js';
import { useFhirBehindFaultProxy } from './support/fhir-behind-fault-proxy.js';
import { transaction } from './support/seed-patients.js';

const ID = 'hsg-chlamydia-treated-administered';
const TOKEN = 'fhir-access-token-for-tests';
const SIGN = '/cds-services/hsg-order-sign';
const bundle = JSON.parse(readFileSync(join(EXAMPLE_PATIENTS_DIR, `${ID}.json`), 'utf8')) as Bundle;
const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
const of = (type: string) => resources.filter((r) => r.resourceType === type);
const order = { ...(of('ServiceRequest')[0] as ServiceRequest), status: 'draft' as const };
const administration = of('MedicationAdministration')[0] as MedicationAdministration;

const { app } = createTestApp({ now: () => EXAMPLES_NOW });
/** Beside the example's dose, one recorded as not given: the template's status filter must leave it out. */
const notGiven: MedicationAdministration = { ...administration, id: `${ID}-not-given`, status: 'not-done' };
const servers = useFhirBehindFaultProxy({
  bearerToken: TOKEN,
  seed: () => [bundle, transaction([notGiven])],
});

function signCall(prefetch: Record<string, FhirResource | null> | null, viaServer = false) {
  const body = {
    ...hookRequest('order-sign', [order], { patientId: ID, prefetch }),
    ...(viaServer
      ? { fhirServer: servers.fhir.baseUrl, fhirAuthorization: { access_token: TOKEN, token_type: 'Bearer' } }
      : {}),
  };
  return request(app).post(SIGN).send(body).expect(200);
}

function prefetchWith(given: MedicationAdministration[]): Record<string, FhirResource | null> {
  return {
    patient: of('Patient')[0] ?? null,
    conditions: searchset(of('Condition')),
    allergies: searchset(),
    observations: searchset(of('Observation')),
    procedures: searchset(),
    medications: searchset(),
    medicationAdministrations: searchset(given),
  };
}

interface Card {
  readonly indicator: string;
  readonly summary: string;
  readonly detail: string;
  readonly source: { readonly topic: { readonly code: string } };
}
const infectionCard = (body: { cards: Card[] }) =>
  body.cards.find((c) => c.source.topic.code === 'pelvic-infection');

describe('CT/NG treatment from the medicationAdministrations prefetch key', () => {
  it('a completed ceftriaxone dose after the positive NAAT: treated, a warning naming the dose given', async () => {
    const res = await signCall(prefetchWith([administration]));
    expectValidResponse(res.body);
    const card = infectionCard(res.body);
    expect(card?.indicator).toBe('warning');
    expect(card?.summary).toBe(
      'Chlamydia/gonorrhoea treated on 2026-10-26: confirm cure and partner treatment before HSG',
    );
    expect(card?.detail).toMatch(
      /MedicationAdministration: Treatment given: Ceftriaxone 500 mg intramuscularly once/,
    );
  });

  it.each(['not-done', 'entered-in-error', 'stopped'] as const)(
    'a dose recorded %s is not treatment: critical',
    async (status) => {
      const res = await signCall(prefetchWith([{ ...administration, status }]));
      expect(infectionCard(res.body)?.indicator).toBe('critical');
    },
  );
});

describe('CT/NG treatment on patient-view', () => {
  it('the pending order is screened with the administrations key: the treated warning is shown', async () => {
    const body = {
      hook: 'patient-view',
      hookInstance: randomUUID(),
      context: { patientId: ID, userId: 'Practitioner/dr-1' },
      prefetch: { ...prefetchWith([administration]), pendingOrders: searchset(of('ServiceRequest')) },
    };
    const res = await request(app).post('/cds-services/hsg-patient-view').send(body).expect(200);
    expectValidResponse(res.body);
    expect(infectionCard(res.body)?.indicator).toBe('warning');
  });
});

describe('CT/NG treatment through the embedded FHIR server', () => {
  it('without prefetch: the 4 required searches only, no MedicationAdministration search, so untreated as far as known', async () => {
    const res = await signCall(null, true);
    expect(servers.fhir.requests.map((r) => r.resourceType).sort()).toEqual([
      'AllergyIntolerance',
      'Condition',
      'Observation',
      'Procedure',
    ]);
    expect(infectionCard(res.body)?.indicator).toBe('critical');
  });

  it('the key filled from the server with the discovery template (as an EHR does): treated, the rest fetched', async () => {
    const discovery = await request(app).get('/cds-services').expect(200);
    const services = discovery.body.services as { id: string; prefetch: Record<string, string> }[];
    const template = services.find((s) => s.id === 'hsg-order-sign')!.prefetch.medicationAdministrations!;
    const query = template.replace('{{context.patientId}}', ID);
    const filled = await fetch(`${servers.fhir.baseUrl}/${query}`, {
      headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/fhir+json' },
    });
    const answer = (await filled.json()) as Bundle;
    expect(answer.entry?.map((e) => e.resource?.id)).toEqual([administration.id]);
    servers.fhir.resetRequests();

    const res = await signCall({ medicationAdministrations: answer }, true);
    expect(servers.fhir.requests).toHaveLength(4);
    expect(servers.fhir.requests.map((r) => r.resourceType)).not.toContain('MedicationAdministration');
    expect(infectionCard(res.body)?.indicator).toBe('warning');
  });
});
