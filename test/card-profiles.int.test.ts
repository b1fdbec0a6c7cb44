import { describe, expect, test } from '@jest/globals';
import type { Bundle } from 'fhir/r4.js';
import request from 'supertest';
import {
  applyCardProfile,
  checkCardProfile,
  ORIGINAL_TOPIC_EXTENSION,
  type CardProfileName,
} from '../src/cards/card-profiles.js';
import type { CdsCard, CdsResponse } from '../src/protocol/cds-types.js';
import { checkCdsResponse } from '../src/protocol/validate-response.js';
import { hookRequest } from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';
import { EXAMPLES_NOW, readExampleBundles, recordPrefetch } from './e2e/support/example-patients.js';
import { exampleOrderAsDraft } from '../src/knowledge-pages/example-cards.js';

const PROFILES: readonly CardProfileName[] = ['standard', 'epic', 'oracle'];

interface Exchange {
  readonly name: string;
  readonly draftOrders: Bundle;
  readonly response: CdsResponse;
}

/** Every example patient, order-select and order-sign, as the standard profile answers them. */
async function standardExchanges(): Promise<Exchange[]> {
  const { app } = createTestApp({ now: () => EXAMPLES_NOW });
  const exchanges: Exchange[] = [];
  for (const bundle of readExampleBundles()) {
    const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    const patient = resources.find((r) => r.resourceType === 'Patient');
    const drafts = exampleOrderAsDraft(patient?.id ?? '', resources);
    const prefetch = recordPrefetch(resources);
    for (const hook of ['order-select', 'order-sign'] as const) {
      const body = hookRequest(hook, drafts, { patientId: patient?.id ?? 'p', prefetch });
      const res = await request(app).post(`/cds-services/hsg-${hook}`).send(body).expect(200);
      exchanges.push({
        name: `${patient?.id} ${hook}`,
        draftOrders: body.context.draftOrders as Bundle,
        response: res.body as CdsResponse,
      });
    }
  }
  return exchanges;
}

const exchanges = await standardExchanges();
const allCards = exchanges.flatMap((e) => e.response.cards);

describe('card profiles: every card of every example patient, in every profile', () => {
  test('the examples give many cards, with multi-action suggestions and hyphenated topics among them', () => {
    expect(exchanges).toHaveLength(2 * readExampleBundles().length);
    expect(allCards.length).toBeGreaterThan(60);
    expect(allCards.some((c) => c.suggestions?.some((s) => (s.actions?.length ?? 0) > 1))).toBe(true);
    expect(allCards.some((c) => c.source.topic?.code.includes('-'))).toBe(true);
  });

  test.each(PROFILES)(
    '%s: every response passes the 2.0 schema and every card the profile rules',
    (profile) => {
      const problems: string[] = [];
      for (const { name, draftOrders, response } of exchanges) {
        const profiled = applyCardProfile(response, profile);
        for (const p of checkCdsResponse(profiled, { draftOrders })) problems.push(`${name}: ${p}`);
        profiled.cards.forEach((card, i) => {
          for (const p of checkCardProfile(card, profile)) problems.push(`${name} cards[${i}]: ${p}`);
        });
      }
      expect(problems).toEqual([]);
    },
  );

  test.each(PROFILES)('%s: the same findings (cards, uuids, indicators, topics) as standard', (profile) => {
    for (const { response } of exchanges) {
      const profiled = applyCardProfile(response, profile);
      const summary = (cards: readonly CdsCard[]) =>
        cards.map((c) => [
          c.uuid,
          c.indicator,
          c.summary,
          (c.extension?.[ORIGINAL_TOPIC_EXTENSION] as string | undefined) ?? c.source.topic?.code,
        ]);
      expect(summary(profiled.cards)).toEqual(summary(response.cards));
      // Every action of the standard card is still offered, one per suggestion in the epic profile.
      profiled.cards.forEach((card, i) => {
        const actions = (c: CdsCard) =>
          new Set((c.suggestions ?? []).flatMap((s) => s.actions ?? []).map((a) => JSON.stringify(a)));
        expect(actions(card)).toEqual(actions(response.cards[i]!));
      });
    }
  });

  test('the standard profile breaks Epic rules that the epic profile keeps (the rules are not vacuous)', () => {
    const broken = allCards.filter((card) => checkCardProfile(card, 'epic').length > 0);
    expect(broken.length).toBeGreaterThan(0);
  });
});

describe('card profiles: rules on crafted cards', () => {
  const card: CdsCard = {
    uuid: '0b7b3b4e-3a59-4f55-9d0d-0d4a4e3d5a10',
    summary: 'Example',
    indicator: 'info',
    source: { label: 'x', topic: { system: 'urn:t', code: 'pregnancy-test-needed' } },
    links: [{ label: 'App', url: 'https://app.example.org/launch', type: 'smart', appContext: 'ctx-1' }],
  };

  test('oracle drops appContext, which Oracle Health does not support', () => {
    expect(checkCardProfile(card, 'oracle')).toEqual([
      'links[0].appContext is not supported by Oracle Health',
    ]);
    const [rendered] = applyCardProfile({ cards: [card] }, 'oracle').cards;
    expect(rendered?.links).toEqual([{ label: 'App', url: 'https://app.example.org/launch', type: 'smart' }]);
    expect(checkCardProfile(rendered!, 'oracle')).toEqual([]);
  });

  test('epic: alphanumeric topic code of at most 100 characters, the original kept in an extension', () => {
    const long = { ...card, source: { label: 'x', topic: { system: 'urn:t', code: `${'a-'.repeat(80)}` } } };
    for (const input of [card, long]) {
      const [rendered] = applyCardProfile({ cards: [input] }, 'epic').cards;
      expect(rendered?.source.topic?.code).toMatch(/^[A-Za-z0-9]{1,100}$/);
      expect(rendered?.extension?.[ORIGINAL_TOPIC_EXTENSION]).toBe(input.source.topic?.code);
    }
    expect(checkCardProfile(card, 'epic')).toEqual([
      'source.topic.code "pregnancy-test-needed" is not 1-100 alphanumeric characters',
    ]);
  });

  test('epic: raw HTML in detail is reported', () => {
    expect(
      checkCardProfile({ ...card, source: { label: 'x' }, detail: 'a <b>bold</b> claim' }, 'epic'),
    ).toEqual(['detail holds raw HTML; Epic renders it as markdown']);
  });
});
