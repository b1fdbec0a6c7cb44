import type { ServiceRequest } from 'fhir/r4.js';
import { findBillingCodes } from '../billing/index.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { recogniseOrders } from '../orders/recognise-orders.js';
import type { Finding, ScreeningInput } from '../rules/types.js';
import { CARD_EXTENSION, findingPageUrl, renderCards } from './render-cards.js';

const knowledge = loadKnowledge();
const now = new Date('2026-12-02T10:00:00Z');
const order: ServiceRequest = {
  resourceType: 'ServiceRequest',
  id: 'o1',
  status: 'draft',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '74740' }], text: 'HSG' },
  locationCode: [
    {
      coding: [
        {
          system: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
          code: '22',
        },
      ],
    },
  ],
  orderDetail: [{ text: 'Omnipaque 300, 10 mL' }],
  reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'N97.1' }] }],
};
const [recognised] = recogniseOrders(
  { resourceType: 'Bundle', type: 'collection', entry: [{ resource: order }] },
  {},
  knowledge.valueSets,
);
const input: ScreeningInput = {
  record: {
    patientId: 'p1',
    patient: undefined,
    conditions: [],
    allergies: [],
    observations: [],
    procedures: [],
    medicationRequests: [],
    medicationAdministrations: [],
    unavailable: new Map(),
  },
  orders: [recognised!],
  draftOrders: [order],
  hook: 'order-select',
  knowledge,
  now,
  settings: { cycleDayWindow: { first: 6, last: 12 }, billingSetting: 'facility' },
};
const pregnancy: Finding = {
  kind: 'pregnancy',
  severity: 'critical',
  order: recognised!,
  summary: 'Positive hCG yesterday: HSG is contraindicated in pregnancy; cancel or defer the order',
  explanation: 'A long explanation of the rule that belongs on the knowledge page, not on the card.',
  evidence: [{ resourceType: 'Observation', description: 'hCG: Positive', date: '2026-12-01' }],
  references: [{ label: 'ACR Practice Parameter', url: 'https://www.acr.org/x' }],
  suggestions: [],
  overrideReasons: ['pregnancy-excluded'],
};
const base = 'https://cds.example.org/prefix/';

describe('renderCards: knowledge release and pages', () => {
  const cards = renderCards([pregnancy, ...findBillingCodes(input)], {
    knowledge,
    patientId: 'p1',
    now,
    publicBaseUrl: base,
  });

  it('every card carries the knowledge version and links its topic page from PUBLIC_BASE_URL', () => {
    expect(cards).toHaveLength(2);
    for (const card of cards) {
      expect(card.extension?.[CARD_EXTENSION.knowledgeVersion]).toBe(knowledge.release.version);
      const url = `https://cds.example.org/prefix/knowledge/findings/${card.source.topic?.code ?? ''}`;
      expect(card.source.url).toBe(url);
      expect(card.detail).toContain(`](${url})`);
    }
    expect(findingPageUrl('http://localhost:3000', 'no-uterus')).toBe(
      'http://localhost:3000/knowledge/findings/no-uterus',
    );
  });

  it('keeps detail short: evidence, what to do, the link; references only as links', () => {
    const card = cards.find((c) => c.source.topic?.code === 'pregnancy')!;
    expect(card.detail).toContain('Observation: hCG: Positive (2026-12-01)');
    expect(card.detail).toContain(`**What to do:** ${knowledge.findingPages.get('pregnancy')!.whatToDo}`);
    expect(card.detail).not.toContain('A long explanation');
    expect(card.detail).not.toContain('https://www.acr.org/x');
    expect(card.links?.map((l) => l.url)).toEqual(['https://www.acr.org/x']);
  });

  it('the billing card is about a third of its former ~3,000 characters', () => {
    const card = cards.find((c) => c.source.topic?.code === 'billing-codes')!;
    expect(card.detail).toMatch(/74740-26/);
    expect(card.detail).toMatch(/N97\.1/);
    expect(card.detail!.length).toBeLessThanOrEqual(1_200);
    for (const link of card.links ?? []) expect(card.detail).not.toContain(link.url);
  });

  it("shows the finding's own action when its variant's advice differs from the page's", () => {
    const stale: Finding = {
      ...pregnancy,
      severity: 'warning',
      action: 'Confirm and resolve the Condition.',
    };
    const [card] = renderCards([stale], { knowledge, patientId: 'p1', now });
    expect(card?.detail).toContain('**What to do:** Confirm and resolve the Condition.');
    expect(card?.detail).not.toContain(knowledge.findingPages.get('pregnancy')!.whatToDo);
  });

  it('without a base URL cards carry no page link', () => {
    const [card] = renderCards([pregnancy], { knowledge, patientId: 'p1', now });
    expect(card?.source.url).toBeUndefined();
    expect(card?.detail).not.toContain('/knowledge/');
  });
});
