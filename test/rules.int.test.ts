import { describe, expect, test } from '@jest/globals';
import type { Bundle, FhirResource, ServiceRequest } from 'fhir/r4.js';
import request from 'supertest';
import type { CdsCard, CdsResponse } from '../src/protocol/cds-types.js';
import { expectValidResponse, fullPrefetch, hookRequest, searchset } from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';
import {
  allergy,
  code,
  condition,
  hsgOrder,
  medicationRequest,
  negativeHcgYesterday,
  NOW,
  observation,
  PATIENT_ID,
  POSITIVE,
  SERUM_HCG,
  SYSTEM,
} from './support/rules-fixtures.js';

const { app } = createTestApp({ now: () => NOW });

const pregnantPrefetch = () =>
  fullPrefetch(PATIENT_ID, { observations: searchset([observation(SERUM_HCG, { coded: POSITIVE })]) });

async function call(
  hook: 'order-select' | 'order-sign',
  orders: readonly FhirResource[],
  options: { selections?: string[]; prefetch?: Record<string, FhirResource | null> } = {},
): Promise<CdsCard[]> {
  const body = hookRequest(hook, orders, { patientId: PATIENT_ID, ...options });
  const res = await request(app).post(`/cds-services/hsg-${hook}`).send(body).expect(200);
  expectValidResponse(res.body, body.context.draftOrders as Bundle);
  return (res.body as CdsResponse).cards.filter((card) => card.source.topic?.code !== 'billing-codes');
}

const topics = (cards: readonly CdsCard[]) =>
  cards.map((c) => `${c.source.topic?.code}:${c.indicator}`).sort();
const orderOf = (card: CdsCard) => card.extension?.['org.hsg-cds.order'];

const ctAbdomen: ServiceRequest = {
  resourceType: 'ServiceRequest',
  id: 'ct-abdomen',
  status: 'draft',
  intent: 'order',
  subject: { reference: `Patient/${PATIENT_ID}` },
  code: { coding: [code(SYSTEM.cpt, '74177', 'CT abdomen and pelvis with contrast')] },
};

describe('clinical rules over HTTP', () => {
  test('a positive hCG gives one critical pregnancy card that offers to delete the draft order', async () => {
    const order = hsgOrder({ id: 'hsg-a' });
    const cards = await call('order-sign', [order], { prefetch: pregnantPrefetch() });
    expect(topics(cards)).toEqual(['pregnancy:critical']);
    const card = cards[0]!;
    expect(card.summary).toMatch(/^Positive hCG yesterday: HSG is contraindicated in pregnancy/);
    expect(card.detail).toContain('ServiceRequest/hsg-a');
    expect(card.suggestions?.[0]?.actions).toEqual([
      expect.objectContaining({ type: 'delete', resourceId: 'ServiceRequest/hsg-a' }),
    ]);
    expect(card.overrideReasons?.map((r) => r.code)).toContain('pregnancy-excluded');
    expect(card.links?.every((l) => l.url.startsWith('https://'))).toBe(true);
  });

  test('a non-HSG order is not screened', async () => {
    expect(await call('order-sign', [ctAbdomen], { prefetch: pregnantPrefetch() })).toEqual([]);
  });

  test('order-select screens only the selected HSG order', async () => {
    const selected = hsgOrder({ id: 'hsg-selected' });
    const other = hsgOrder({ id: 'hsg-other' });
    const cards = await call('order-select', [selected, other], {
      selections: ['ServiceRequest/hsg-selected'],
      prefetch: pregnantPrefetch(),
    });
    expect(cards.length).toBeGreaterThan(0);
    expect(new Set(cards.map(orderOf))).toEqual(new Set(['ServiceRequest/hsg-selected']));
  });

  test('order-select with an HSG draft that is not selected gives no card', async () => {
    const cards = await call('order-select', [hsgOrder({ id: 'hsg-draft' }), ctAbdomen], {
      selections: ['ServiceRequest/ct-abdomen'],
      prefetch: pregnantPrefetch(),
    });
    expect(cards).toEqual([]);
  });

  test('two HSG orders are each screened, one card per finding kind per order', async () => {
    const prefetch = fullPrefetch(PATIENT_ID, {
      conditions: searchset([condition(code(SYSTEM.icd, 'N73.9')), condition(code(SYSTEM.icd, 'A56.09'))]),
      observations: searchset([negativeHcgYesterday()]),
    });
    const cards = await call('order-sign', [hsgOrder({ id: 'one' }), hsgOrder({ id: 'two' })], { prefetch });
    expect(topics(cards)).toEqual(['pelvic-infection:critical', 'pelvic-infection:critical']);
    expect(cards.map(orderOf).sort()).toEqual(['ServiceRequest/one', 'ServiceRequest/two']);
  });

  test('no hCG on record: an info card offering a point-of-care urine or serum hCG order, unless one is drafted', async () => {
    const cards = await call('order-sign', [hsgOrder({ id: 'hsg-b' })]);
    expect(topics(cards)).toEqual(['pregnancy-test-needed:info']);
    const created = cards[0]!.suggestions?.map((s) => s.actions?.[0]);
    expect(created?.map((a) => a?.type)).toEqual(['create', 'create']);
    expect(created?.[0]?.resource).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'draft',
      code: { coding: [expect.objectContaining({ system: SYSTEM.loinc, code: '80384-1' })] },
    });
    expect(created?.[1]?.resource).toMatchObject({
      code: { coding: [expect.objectContaining({ system: SYSTEM.loinc, code: '2118-8' })] },
    });
    const hcgDraft: ServiceRequest = { ...ctAbdomen, id: 'hcg-draft', code: { coding: [SERUM_HCG] } };
    expect(await call('order-sign', [hsgOrder({ id: 'hsg-b' }), hcgDraft])).toEqual([]);
  });

  test('no doxycycline card when doxycycline is drafted in the same call', async () => {
    const prefetch = fullPrefetch(PATIENT_ID, {
      conditions: searchset([condition(code(SYSTEM.icd, 'N70.11'))]),
      observations: searchset([negativeHcgYesterday()]),
    });
    const order = hsgOrder({ id: 'hsg-c' });
    expect(topics(await call('order-sign', [order], { prefetch }))).toEqual([
      'antibiotic-prophylaxis:warning',
    ]);
    const doxycycline = { ...medicationRequest('Doxycycline 100 mg oral tablet', 'draft'), id: 'doxy' };
    expect(await call('order-sign', [order, doxycycline], { prefetch })).toEqual([]);
  });

  test('a severe contrast allergy offers SIS for a cavity-only question, never cancelling (review 3.6)', async () => {
    const prefetch = fullPrefetch(PATIENT_ID, {
      allergies: searchset([allergy(code(SYSTEM.sct, '426722004'), { criticality: 'high' })]),
      observations: searchset([negativeHcgYesterday()]),
    });
    const [card, ...rest] = await call('order-sign', [hsgOrder({ id: 'hsg-d' })], { prefetch });
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe('critical');
    expect(card?.suggestions).toHaveLength(1);
    expect(card?.suggestions?.[0]?.isRecommended).not.toBe(true);
    expect(card?.suggestions?.[0]?.actions?.map((a) => a.type)).toEqual(['delete', 'create']);
    expect(card?.suggestions?.[0]?.actions?.[1]?.resource).toMatchObject({
      resourceType: 'ServiceRequest',
      code: { coding: expect.arrayContaining([expect.objectContaining({ code: '76831' })]) },
    });
  });

  test('missing allergies prefetch (no FHIR server) says which check was not done', async () => {
    const prefetch = fullPrefetch(PATIENT_ID, { observations: searchset([negativeHcgYesterday()]) });
    delete prefetch.allergies;
    const cards = await call('order-sign', [hsgOrder({ id: 'hsg-e' })], { prefetch });
    expect(topics(cards)).toEqual(['screening-incomplete:warning']);
    expect(cards[0]?.summary).toBe('Allergies could not be retrieved: contrast allergy not screened');
  });
});

describe('discovery advertises what the rules read', () => {
  test('observation and procedure prefetch templates carry the rules’ codes', async () => {
    const { body } = await request(app).get('/cds-services').expect(200);
    const prefetch = (body as { services: { prefetch: Record<string, string> }[] }).services[0]!.prefetch;
    for (const loinc of ['2118-8', '2106-3', '19080-1', '82810-3', '8665-2', '43304-5', '3016-3'])
      expect(prefetch.observations).toContain(`http://loinc.org|${loinc}`);
    for (const cpt of ['58120', '59409', '58150'])
      expect(prefetch.procedures).toContain(`http://www.ama-assn.org/go/cpt|${cpt}`);
    expect(prefetch.observations).not.toContain('urn:oid:2.16.840.1.113883.6.238');
  });
});
