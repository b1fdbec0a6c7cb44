import fc from 'fast-check';
import { createTestApp } from './support/create-test-app.js';
import {
  expectWellFormedAnswer,
  HANG_MS,
  PROPERTY_TIMEOUT_MS,
  prototypeNames,
  SHRINK_LIMIT_MS,
  useLoopbackServer,
} from './support/fuzz-harness.js';
import { expectOperationOutcome, fullPrefetch, hookRequest, hsgOrder } from './support/cds-requests.js';

/**
 * What arrives before any JSON exists: broken bytes, odd media types and charsets, bodies at and past
 * the size limit, 10,000-level nesting at every place of a real HSG call, and prototype keys there.
 */

/** Fixed, so a failure reproduces; fast-check prints it (with the shrunk path) in the failure message. */
const SEED = 20_261_130;
const BYTE_RUNS = 400;
const GENERATED_RUNS = 500;
const SIGN = '/cds-services/hsg-order-sign';
/** The default MAX_BODY_BYTES. */
const BODY_LIMIT = 5 * 1024 * 1024;

const CONTENT_TYPES = [
  'application/json',
  'application/fhir+json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  '',
];

const service = useLoopbackServer(createTestApp().app);
const prototypesBefore = prototypeNames();

/**
 * A real HSG call whose JSON text has `"MARK"` where the hostile text goes. The order names only CPT
 * 74740, so the billing card also suggests an update that copies the draft order.
 */
function hsgCallWithMark(place: string): string {
  const order74740 = hsgOrder('hsg-raw', 'p1');
  order74740.code!.coding = order74740.code!.coding!.slice(0, 1);
  const call = hookRequest('order-sign', [order74740], { prefetch: fullPrefetch('p1') });
  const order = call.context.draftOrders.entry[0]!.resource as unknown as Record<string, unknown>;
  const prefetch = call.prefetch as unknown as Record<string, Record<string, unknown>>;
  const places: Record<string, () => void> = {
    'an unknown top-level member': () => Object.assign(call, { extension: { x: 'MARK' } }),
    'the context': () => Object.assign(call.context, { extra: 'MARK' }),
    'a draft order': () => Object.assign(order, { extension: 'MARK' }),
    "a draft order's code": () => Object.assign(order, { code: { coding: 'MARK' } }),
    'a prefetched resource': () =>
      Object.assign(prefetch.conditions!, {
        entry: [{ resource: { resourceType: 'Condition', code: 'MARK' } }],
      }),
    'a prefetch Bundle': () => Object.assign(prefetch.observations!, { link: 'MARK' }),
  };
  places[place]!();
  return JSON.stringify(call);
}
const PLACES = [
  'an unknown top-level member',
  'the context',
  'a draft order',
  "a draft order's code",
  'a prefetched resource',
  'a prefetch Bundle',
];

async function postText(text: string | Uint8Array, contentType = 'application/json') {
  const res = await fetch(service.baseUrl + SIGN, {
    method: 'POST',
    headers: contentType ? { 'content-type': contentType } : {},
    // A copy typed as ArrayBuffer-backed, which fetch's BodyInit requires.
    body: typeof text === 'string' ? text : new Uint8Array(text),
    signal: AbortSignal.timeout(HANG_MS),
  });
  return { status: res.status, text: await res.text() };
}

describe('raw bodies', () => {
  it(
    `${BYTE_RUNS} real calls cut, spliced with random bytes, or sent with another media type`,
    async () => {
      const valid = hsgCallWithMark('the context').replace('"MARK"', '1');
      const input = fc.record({
        cut: fc.nat(),
        insertAt: fc.nat(),
        insert: fc.oneof(
          fc.string({ unit: 'binary', maxLength: 8 }),
          fc.constantFrom('"', '{', ']', '\\', ',', ''),
        ),
        keepWhole: fc.boolean(),
        contentType: fc.constantFrom(...CONTENT_TYPES),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ cut, insertAt, insert, keepWhole, contentType }) => {
          const at = insertAt % valid.length;
          const spliced = valid.slice(0, at) + insert + valid.slice(at);
          const text = keepWhole ? spliced : spliced.slice(0, cut % spliced.length);
          expectWellFormedAnswer(await postText(text, contentType));
        }),
        { seed: SEED, numRuns: BYTE_RUNS, interruptAfterTimeLimit: SHRINK_LIMIT_MS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'binary garbage under every media type',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 256 }),
          fc.constantFrom(...CONTENT_TYPES),
          async (bytes, type) => expectWellFormedAnswer(await postText(bytes, type)),
        ),
        { seed: SEED, numRuns: 100, interruptAfterTimeLimit: SHRINK_LIMIT_MS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    `${GENERATED_RUNS} JSON bodies generated from scratch, prototype keys included`,
    async () => {
      const key = fc.oneof(
        fc.string({ maxLength: 10 }),
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
      );
      const hostile = fc.object({ key, maxDepth: 4, values: [fc.jsonValue({ stringUnit: 'grapheme' })] });
      const call = fc.record({
        hook: fc.oneof(fc.constant('order-sign'), fc.jsonValue()),
        hookInstance: fc.oneof(fc.uuid(), fc.jsonValue()),
        context: fc.oneof(fc.record({ patientId: fc.jsonValue(), draftOrders: hostile }), hostile),
        prefetch: hostile,
      });
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue(), hostile, call), async (body) =>
          expectWellFormedAnswer(await postText(JSON.stringify(body))),
        ),
        { seed: SEED, numRuns: GENERATED_RUNS, interruptAfterTimeLimit: SHRINK_LIMIT_MS },
      );
      expect(prototypeNames()).toEqual(prototypesBefore);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it.each(PLACES)('10,000-level nested arrays and objects in %s', async (place) => {
    for (const deep of [
      '['.repeat(10_000) + ']'.repeat(10_000),
      '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
    ]) {
      expectWellFormedAnswer(await postText(hsgCallWithMark(place).replace('"MARK"', deep)));
    }
  });

  it.each(PLACES)('prototype keys in %s: no pollution, even of the next call', async (place) => {
    const payloads = [
      '{"__proto__":{"polluted":"yes","resourceType":"Bundle"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '[{"__proto__":{"polluted":"yes"}}]',
    ];
    for (const payload of payloads)
      expectWellFormedAnswer(await postText(hsgCallWithMark(place).replace('"MARK"', payload)));
    expect(prototypeNames()).toEqual(prototypesBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A draft order is echoed in an update suggestion as sent; a clean call must carry none of it.
    const clean = await postText(hsgCallWithMark(place).replace('"MARK"', '"clean"'));
    expectWellFormedAnswer(clean);
    expect(clean.text).not.toContain('polluted');
  });

  it('a huge unicode string just under the body limit is screened; just over it is refused with 413', async () => {
    const call = hsgCallWithMark('the context');
    const room = BODY_LIMIT - Buffer.byteLength(call) - 64;
    // 4-byte UTF-8 characters, 2 UTF-16 units each.
    const under = JSON.stringify('🩺'.repeat(Math.floor(room / 4)));
    expectWellFormedAnswer(await postText(call.replace('"MARK"', under)));
    const over = await postText(call.replace('"MARK"', JSON.stringify('x'.repeat(room + 1024))));
    expect(over.status).toBe(413);
    expectOperationOutcome(JSON.parse(over.text));
  });

  it('duplicate members: the last one counts, as in JSON.parse, and nothing breaks', async () => {
    const call = hsgCallWithMark('the context').replace('"MARK"', '1');
    expectWellFormedAnswer(
      await postText(call.replace('{"hook":"order-sign"', '{"hook":"order-sign","hook":"x"')),
    );
    expectWellFormedAnswer(await postText(call.replace('"context":{', '"context":{"patientId":7,')));
  });
});
