import request from 'supertest';
import { buildPrefetchPlan } from '../src/services/prefetch-plan.js';
import { testKnowledge } from './support/create-test-app.js';
import { expectValidResponse, fhirServerCall } from './support/cds-requests.js';
import { useFhirBehindFaultProxy } from './support/fhir-behind-fault-proxy.js';
import { createObservedTestApp, type ObservedTestApp } from './support/observed-test-app.js';
import { pregnantPatient, transaction } from './support/seed-patients.js';

/**
 * A FHIR server that answers a search with far more than any record holds: a 200 MB searchset
 * streamed without end, or 200,000 entries. The service reads at most FHIR_MAX_RESPONSE_BYTES of one
 * response (cutting the stream, not buffering it) and keeps at most FHIR_MAX_RESOURCES_PER_CATEGORY
 * resources; either limit makes that category "too-large" on the screening-incomplete card, never a
 * 5xx, and nothing about the data's size can overflow the stack.
 */

const TOKEN = 'fhir-access-token-for-huge-responses';
const SIGN = '/cds-services/hsg-order-sign';
const PATIENT = 'preg-huge';
const MiB = 1024 * 1024;
const HUGE_BYTES = 200 * MiB;
const MAX_RESPONSE_BYTES = 16 * MiB;
/** Only the caps may end these calls: the time limits are far away. */
const SLOW_LIMITS = { FHIR_TIMEOUT_MS: '30000', FHIR_BUDGET_MS: '30000' };
const requiredSearches = buildPrefetchPlan(testKnowledge()).filter((entry) => entry.requiredByRules).length;

const servers = useFhirBehindFaultProxy({
  bearerToken: TOKEN,
  seed: () => [transaction(pregnantPatient(PATIENT, new Date()))],
});

type Card = { source: { topic: { code: string } }; detail?: string };
const incomplete = (body: { cards: Card[] }) =>
  body.cards.find((card) => card.source.topic.code === 'screening-incomplete');
const call = (observed: ObservedTestApp) =>
  request(observed.app)
    .post(SIGN)
    .send(fhirServerCall(PATIENT, servers.proxy.baseUrl, TOKEN));
const tooLargeCount = (observed: ObservedTestApp, resourceType: string) =>
  observed.counter('hsg_cds_fhir_request_errors_total', { resource_type: resourceType, reason: 'too-large' });

/** Runs `work` while sampling the resident set size; returns the peak growth over the start. */
async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthBytes: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthBytes: peak - start };
  } finally {
    clearInterval(sampler);
  }
}

describe(`a FHIR server streaming a ${HUGE_BYTES / MiB} MB searchset`, () => {
  const observed = createObservedTestApp({
    ...SLOW_LIMITS,
    FHIR_MAX_RESPONSE_BYTES: String(MAX_RESPONSE_BYTES),
  });

  it('four calls at once: each cut off at the cap and answered with a valid response; memory stays bounded', async () => {
    await servers.proxy.setFault({ kind: 'huge-bundle', bytes: HUGE_BYTES, onlyResourceType: 'Observation' });
    const streamsBefore = servers.proxy.streams.length;
    const countedBefore = await tooLargeCount(observed, 'Observation');

    const { result: responses, growthBytes } = await peakRssGrowth(() =>
      Promise.all([1, 2, 3, 4].map(() => call(observed))),
    );

    for (const res of responses) {
      expect(res.status).toBe(200);
      expectValidResponse(res.body);
      expect(incomplete(res.body)?.detail).toContain('Lab results could not be retrieved');
      expect(incomplete(res.body)?.detail).toContain('too-large');
    }
    expect(observed.calls.slice(-4).map((c) => c.annotations.unavailableReasons)).toEqual(
      Array(4).fill('observations:too-large'),
    );
    expect(await tooLargeCount(observed, 'Observation')).toBe(countedBefore + 4);
    // Every stream was abandoned by the service, a little past the cap (socket buffers hold the rest).
    await waitFor(() => servers.proxy.streams.length - streamsBefore === 4);
    const streams = servers.proxy.streams.slice(streamsBefore);
    expect(streams.every((s) => !s.complete && s.bytes < MAX_RESPONSE_BYTES + 16 * MiB)).toBe(true);
    // Unbounded, the four bodies alone would be 800 MB (and twice that as strings); generous bound.
    expect(growthBytes).toBeLessThan(320 * MiB);
    console.info(
      `peak RSS growth for 4 × ${HUGE_BYTES / MiB} MB streams: ${(growthBytes / MiB).toFixed(1)} MiB`,
    );
  });

  it('the service keeps serving afterwards', async () => {
    const res = await call(observed);
    expect(res.status).toBe(200);
    expectValidResponse(res.body);
    expect(incomplete(res.body)).toBeUndefined();
    expect(servers.fhir.requests).toHaveLength(requiredSearches);
  });
});

describe('a search of 200,000 entries', () => {
  const TOTAL = 200_000;

  it('within raised caps, in one page: all 200,000 reach the rules and the answer is a 200, not a stack overflow', async () => {
    const observed = createObservedTestApp({
      ...SLOW_LIMITS,
      FHIR_MAX_RESPONSE_BYTES: String(64 * MiB),
      FHIR_MAX_RESOURCES_PER_CATEGORY: String(TOTAL),
    });
    await servers.proxy.setFault({
      kind: 'many-entries',
      total: TOTAL,
      perPage: TOTAL,
      onlyResourceType: 'Condition',
    });
    const res = await call(observed);
    expect(res.status).toBe(200);
    expectValidResponse(res.body);
    expect(incomplete(res.body)).toBeUndefined();
    expect(observed.calls.at(-1)?.annotations).toMatchObject({ unavailable: 0 });
  });
});

describe('data shapes that would overflow a recursive reader', () => {
  /** Far past the ~10,000 frames a recursive walk gets on V8's default stack. */
  const DEPTH = 200_000;
  const nested = (leaf: string) => `${'['.repeat(DEPTH)}${leaf}${']'.repeat(DEPTH)}`;

  it.each<[string, string]>([
    ['a code nested 200,000 arrays deep', `{"coding":${nested('{"code":"x"}')}}`],
    [
      'an extension nested 200,000 objects deep',
      `{"text":"x","extension":${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}`,
    ],
  ])('%s: a 200 with a valid response', async (_name, code) => {
    const observed = createObservedTestApp(SLOW_LIMITS);
    const condition = `{"resourceType":"Condition","subject":{"reference":"Patient/${PATIENT}"},"code":${code}}`;
    const text = `{"resourceType":"Bundle","type":"searchset","entry":[{"resource":${condition}}]}`;
    await servers.proxy.setFault({ kind: 'search-body', text, onlyResourceType: 'Condition' });
    const res = await call(observed);
    expect(res.status).toBe(200);
    expectValidResponse(res.body);
  });
});

describe('the per-category resource cap', () => {
  it('counts over all pages: past it the category is too-large, with what fitted kept', async () => {
    const observed = createObservedTestApp({ ...SLOW_LIMITS, FHIR_MAX_RESOURCES_PER_CATEGORY: '2500' });
    await servers.proxy.setFault({
      kind: 'many-entries',
      total: 5_000,
      perPage: 1_000,
      onlyResourceType: 'Condition',
    });
    const receivedBefore = servers.proxy.received.length;
    const res = await call(observed);
    expect(res.status).toBe(200);
    expectValidResponse(res.body);
    expect(incomplete(res.body)?.detail).toContain('too-large');
    expect(observed.calls.at(-1)?.annotations.unavailableReasons).toBe('conditions:too-large');
    expect(await tooLargeCount(observed, 'Condition')).toBe(1);
    // Pages 1 and 2 fit (2,000), page 3 passes the cap (3,000): no fourth page is asked for.
    const conditionPages = servers.proxy.received
      .slice(receivedBefore)
      .filter((r) => r.path.startsWith('/fhir/R4/Condition'));
    expect(conditionPages).toHaveLength(3);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
