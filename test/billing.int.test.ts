import type { Bundle, Coding, Condition, Extension, ServiceRequest } from 'fhir/r4.js';
import request from 'supertest';
import { CodingExtension } from '../src/billing/index.js';
import type { CdsCard, CdsResponse } from '../src/protocol/cds-types.js';
import { CPT, expectValidResponse, fullPrefetch, hookRequest, searchset } from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';

const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const POS = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';

/** BILLING_CARD_ON_ORDER_SELECT so that order-select shows the billing card these tests inspect. */
function createBillingApp(env: Record<string, string> = {}) {
  return createTestApp({
    env: { BILLING_CARD_ON_ORDER_SELECT: 'true', ...env },
    now: () => new Date('2026-03-01T10:00:00Z'),
  }).app;
}

function serviceRequest(id: string, codes: string[], extra: Partial<ServiceRequest> = {}): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    code: { coding: codes.map((code) => ({ system: CPT, code })) },
    ...extra,
  };
}

async function post(
  hook: 'order-select' | 'order-sign',
  orders: ServiceRequest[],
  options: { conditions?: Condition[]; env?: Record<string, string> } = {},
): Promise<readonly CdsCard[]> {
  const prefetch = fullPrefetch('p1', { conditions: searchset(options.conditions), medications: null });
  const body = hookRequest(hook, orders, { prefetch });
  const response = await request(createBillingApp(options.env))
    .post(`/cds-services/hsg-${hook}`)
    .send(body)
    .expect(200);
  expectValidResponse(response.body, body.context.draftOrders as Bundle);
  return (response.body as CdsResponse).cards;
}

/** The billing cards of this module: the placeholder rule's billing-codes card has no codes extension. */
const billingCards = (cards: readonly CdsCard[]) =>
  cards.filter((c) => c.source.topic?.code === 'billing-codes' && c.extension?.['org.hsg-cds.codes']);

function claimCodes(card: CdsCard | undefined): string[] {
  const codings = (card?.extension?.['org.hsg-cds.codes'] ?? []) as Coding[];
  return codings.map((c) => {
    const modifier = c.extension?.find((e: Extension) => e.url === CodingExtension.modifier)?.valueCoding
      ?.code;
    return modifier ? `${c.code}-${modifier}` : (c.code ?? '');
  });
}

const active = (id: string, code: string): Condition => ({
  resourceType: 'Condition',
  id,
  subject: { reference: 'Patient/p1' },
  clinicalStatus: {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
  },
  code: { coding: [{ system: ICD, code }] },
});

describe('billing-codes card over HTTP', () => {
  const cases = [
    {
      name: 'HSG in a facility (default), Omnipaque 300, indication on the order without the dot',
      order: serviceRequest('hsg', ['74740', '58340'], {
        orderDetail: [{ text: 'Omnipaque 300, 10 mL' }],
        reasonCode: [{ coding: [{ system: ICD, code: 'N971' }] }],
      }),
      codes: ['74740-26', '58340', 'Q9967', 'N97.1'],
    },
    {
      name: 'HSG in an office (BILLING_SETTING=office), oil-based contrast, indication among Conditions',
      order: serviceRequest('hsg', ['74740'], { orderDetail: [{ text: 'Lipiodol' }] }),
      env: { BILLING_SETTING: 'office' },
      conditions: [active('c1', 'N97.9')],
      codes: ['74740', '58340', 'N97.9'],
    },
    {
      name: 'HSG at POS 11 without an indication',
      order: serviceRequest('hsg', ['74740'], {
        locationCode: [{ coding: [{ system: POS, code: '11' }] }],
        orderDetail: [{ text: 'Water-soluble contrast' }],
      }),
      codes: ['74740', '58340', 'Q9965', 'Q9966', 'Q9967', 'Q9951'],
    },
    {
      name: 'tubal catheterization',
      order: serviceRequest('ssg', ['74742', '58345'], { orderDetail: [{ text: 'Isovue-300' }] }),
      codes: ['74742-26', '58345', 'Q9967'],
    },
    {
      name: 'SIS',
      order: serviceRequest('sis', ['76831', '58340'], {
        reasonCode: [{ coding: [{ system: ICD, code: 'N84.0' }] }],
      }),
      codes: ['76831-26', '58340', 'N84.0'],
    },
  ];

  it.each(cases)('order-select: $name', async (c) => {
    const cards = await post('order-select', [c.order], c);
    const [card, ...more] = billingCards(cards);
    expect(more).toHaveLength(0);
    expect(card?.indicator).toBe('info');
    expect(card?.extension?.['org.hsg-cds.order']).toBe(`ServiceRequest/${c.order.id ?? ''}`);
    expect(claimCodes(card)).toEqual(c.codes);
    expect(card?.suggestions).toBeUndefined();
  });

  it('by default order-select shows no billing card: it is for coders and the signing step (review 5.13)', async () => {
    const cards = await post('order-select', [serviceRequest('hsg', ['74740', '58340'])], {
      env: { BILLING_CARD_ON_ORDER_SELECT: 'false' },
    });
    expect(billingCards(cards)).toEqual([]);
  });

  it('says so when there is no indication', async () => {
    const [card] = billingCards(await post('order-select', [serviceRequest('hsg', ['74740', '58340'])]));
    expect(card?.summary).toMatch(/no supporting ICD-10-CM indication/);
    expect(card?.detail).toMatch(/No supporting indication was found/);
  });

  it('order-sign: offers the full order with the missing CPT coding added', async () => {
    const draft = serviceRequest('hsg', ['74740'], {
      code: { coding: [{ system: CPT, code: '74740' }], text: 'HSG' },
    });
    const [card] = billingCards(await post('order-sign', [draft]));
    expect(card?.suggestions).toHaveLength(1);
    const action = card?.suggestions?.[0]?.actions?.[0];
    expect(action).toMatchObject({ type: 'update', resource: { resourceType: 'ServiceRequest', id: 'hsg' } });
    const resource = action?.resource as ServiceRequest | undefined;
    expect(resource?.code?.coding?.map((c) => `${c.system}|${c.code}`)).toEqual([
      `${CPT}|74740`,
      `${CPT}|58340`,
    ]);
    expect(resource?.code?.text).toBe('HSG');
  });

  it('one billing card per order, on order-sign with two orders', async () => {
    const cards = await post('order-sign', [
      serviceRequest('a', ['74740', '58340']),
      serviceRequest('b', ['76831', '58340']),
    ]);
    expect(billingCards(cards).map((c) => c.extension?.['org.hsg-cds.order'])).toEqual([
      'ServiceRequest/a',
      'ServiceRequest/b',
    ]);
  });
});
