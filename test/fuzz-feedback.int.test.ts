import fc from 'fast-check';
import { createTestApp } from './support/create-test-app.js';
import {
  HANG_MS,
  PROPERTY_TIMEOUT_MS,
  PROTO_KEYS,
  prototypeNames,
  SHRINK_LIMIT_MS,
  useLoopbackServer,
  type Json,
} from './support/fuzz-harness.js';
import { expectOperationOutcome, hookRequest, hsgOrder, readFixture } from './support/cds-requests.js';

/**
 * Feedback bodies built field by field, each field either valid or hostile (wrong type, unicode, huge,
 * prototype keys), plus the spec's and other clients' feedback with one field broken: never a 5xx,
 * never a hang, every 4xx an OperationOutcome, every 200 a count of stored items.
 */

/** Fixed, so a failure reproduces; fast-check prints it (with the shrunk path) in the failure message. */
const SEED = 20_261_129;
const GENERATED_RUNS = 1_000;
const FIXTURE_RUNS = 400;
const SERVICES = ['hsg-order-sign', 'hsg-order-select', 'no-such-service'];

const hostile: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' }) as fc.Arbitrary<Json>,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom<Json>('', '\u0000', '\uD800', 'x'.repeat(300_000), 0, -1, 1e308, true, null, [], {}),
  fc.constantFrom<Json>(
    JSON.parse('{"__proto__":{"polluted":"yes"}}') as Json,
    JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}') as Json,
  ),
);

function validOr<T extends Json>(valid: fc.Arbitrary<T>): fc.Arbitrary<Json> {
  return fc.oneof({ weight: 3, arbitrary: valid as fc.Arbitrary<Json> }, { weight: 1, arbitrary: hostile });
}

const timestamp = fc
  .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function feedbackItem(cards: readonly string[]): fc.Arbitrary<Json> {
  return fc.record(
    {
      card: validOr(fc.oneof(fc.constantFrom(...cards), fc.uuid())),
      outcome: validOr(fc.constantFrom('accepted', 'overridden')),
      acceptedSuggestions: validOr(
        fc.array(fc.record({ id: validOr(fc.uuid()) }), { minLength: 1, maxLength: 3 }),
      ),
      overrideReason: validOr(
        fc.record(
          {
            reason: validOr(fc.record({ system: validOr(fc.webUrl()), code: validOr(fc.string()) })),
            userComment: validOr(fc.string({ unit: 'grapheme', maxLength: 200 })),
          },
          { requiredKeys: [] },
        ),
      ),
      outcomeTimestamp: validOr(timestamp),
      [PROTO_KEYS[0]!]: hostile,
      extra: hostile,
    },
    { requiredKeys: ['card', 'outcome', 'outcomeTimestamp'] },
  ) as fc.Arbitrary<Json>;
}

function feedbackBody(cards: readonly string[]): fc.Arbitrary<Json> {
  const item = feedbackItem(cards);
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ feedback: fc.array(item, { minLength: 1, maxLength: 4 }) }) },
    { weight: 2, arbitrary: item },
    { weight: 1, arbitrary: fc.record({ feedback: hostile }) },
    { weight: 1, arbitrary: hostile },
  ) as fc.Arbitrary<Json>;
}

// --- The service under test ------------------------------------------------------------------------

const { app, store } = createTestApp();
const service = useLoopbackServer(app);
let issuedCards: string[] = [];
const prototypesBefore = prototypeNames();

beforeAll(async () => {
  // Real issued cards, so some feedback joins a card the service remembers.
  const res = await post(
    '/cds-services/hsg-order-sign',
    hookRequest('order-sign', [hsgOrder()]) as unknown as Json,
  );
  issuedCards = (JSON.parse(res.text) as { cards: { uuid: string }[] }).cards.map((c) => c.uuid);
});

/** Own data properties only, so `__proto__` is sent as a key. */
function withChild(parent: Record<string, Json>, key: string, value: Json): Record<string, Json> {
  const copy = JSON.parse(JSON.stringify(parent)) as Record<string, Json>;
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

async function post(path: string, body: Json): Promise<{ status: number; text: string }> {
  const res = await fetch(service.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(HANG_MS),
  });
  return { status: res.status, text: await res.text() };
}

async function postFeedbackAndCheck(service: string, body: Json): Promise<void> {
  const { status, text } = await post(`/cds-services/${service}/feedback`, body);
  expect(status).toBeLessThan(500);
  const answer: unknown = JSON.parse(text);
  if (status >= 400) expectOperationOutcome(answer);
  else {
    expect(status).toBe(200);
    expect(answer).toEqual({ stored: expect.any(Number) });
  }
}

describe('fuzzed feedback', () => {
  it(
    `${GENERATED_RUNS} bodies built field by field`,
    async () => {
      const service = fc.oneof(
        { weight: 6, arbitrary: fc.constant(SERVICES[0]!) },
        { weight: 1, arbitrary: fc.constantFrom(...SERVICES) },
      );
      await fc.assert(
        fc.asyncProperty(service, feedbackBody(issuedCards), (s, body) => postFeedbackAndCheck(s, body)),
        { seed: SEED, numRuns: GENERATED_RUNS, interruptAfterTimeLimit: SHRINK_LIMIT_MS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    `${FIXTURE_RUNS} fixtures from the spec and other clients, one field broken or added`,
    async () => {
      const fixtures = [
        'hl7-cds-hooks-spec/feedback-suggestion-accepted.json',
        'hl7-cds-hooks-spec/feedback-overridden-with-reason.json',
        'hl7-cds-hooks-spec/feedback-overridden-without-reason.json',
        'ahrq-cql-services/feedback.json',
        'ahrq-cql-services/feedbackFor2.json',
      ].map((path) => readFixture<{ feedback: Record<string, Json>[] }>(path));
      const fields = ['card', 'outcome', 'acceptedSuggestions', 'overrideReason', 'outcomeTimestamp'];
      const field = fc.oneof(fc.constantFrom(...fields, ...PROTO_KEYS), fc.string({ maxLength: 8 }));
      const input = fc.record({
        fixture: fc.nat(),
        item: fc.nat(),
        field,
        value: hostile,
        drop: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ fixture, item, field: key, value, drop }) => {
          const base = fixtures[fixture % fixtures.length]!;
          const items = base.feedback.map((it, i) => {
            if (i !== item % base.feedback.length) return it;
            if (!drop) return withChild(it, key, value);
            const copy = { ...it };
            delete copy[key];
            return copy;
          });
          await postFeedbackAndCheck(SERVICES[0]!, { feedback: items });
        }),
        { seed: SEED, numRuns: FIXTURE_RUNS, interruptAfterTimeLimit: SHRINK_LIMIT_MS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('stored only clean rows, left the prototypes untouched, and still answers', async () => {
    expect(prototypeNames()).toEqual(prototypesBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const row of await store.listFeedback()) {
      expect(['accepted', 'overridden']).toContain(row.outcome);
      expect(typeof row.cardUuid).toBe('string');
    }
    const fixture = readFixture<Json>('hl7-cds-hooks-spec/feedback-suggestion-accepted.json');
    expect((await post('/cds-services/hsg-order-sign/feedback', fixture)).status).toBe(200);
  });
});
