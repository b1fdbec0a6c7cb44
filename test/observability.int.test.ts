import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import type { Express } from 'express';
import { loadConfig } from '../src/config/config.js';
import { startFhirServer } from '../src/dev/fhir-server/index.js';
import type { FeedbackStore } from '../src/feedback/feedback-store.js';
import { openSqliteFeedbackStore } from '../src/feedback/sqlite-feedback-store.js';
import { OVERRIDE_REASON_SYSTEM } from '../src/knowledge/canonical.js';
import type { Knowledge } from '../src/knowledge/knowledge.js';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { createHookCallLogger } from '../src/observability/log-hook-calls.js';
import { createLogger } from '../src/observability/logger.js';
import { createServiceMetrics, type ServiceMetrics } from '../src/observability/service-metrics.js';
import type { CdsCard } from '../src/protocol/cds-types.js';
import { hsgServiceIds } from '../src/services/hsg-services.js';
import { buildPrefetchPlan } from '../src/services/prefetch-plan.js';
import { countCardsByTopic } from '../src/protocol/hook-call-record.js';
import { fullPrefetch, hookRequest, hsgOrder } from './support/cds-requests.js';
import { createTestApp, testKnowledge } from './support/create-test-app.js';

const SIGN = '/cds-services/hsg-order-sign';
const SELECT = '/cds-services/hsg-order-select';
const PATIENT_ID = 'pat-7731-zq';
const PLAN_KEYS = buildPrefetchPlan(testKnowledge()).length;

interface ObservedApp {
  readonly app: Express;
  readonly lines: Record<string, unknown>[];
  readonly metrics: ServiceMetrics;
  readonly store: FeedbackStore;
}

/** The app as server.ts composes it (logger observer, metrics), logging into an array. */
function buildObservedApp(
  options: { env?: Record<string, string>; knowledge?: Knowledge; store?: FeedbackStore } = {},
): ObservedApp {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const env = { LOG_LEVEL: 'info', ...options.env };
  const logger = createLogger(loadConfig({ NODE_ENV: 'test', ...env }).logLevel, sink);
  const knowledge = options.knowledge ?? testKnowledge();
  const metrics = createServiceMetrics({
    knowledge,
    plan: buildPrefetchPlan(knowledge),
    serviceIds: hsgServiceIds(),
    processMetrics: false,
  });
  const { app, store } = createTestApp({
    env,
    knowledge,
    store: options.store,
    logger,
    observers: [createHookCallLogger(logger)],
    metrics,
  });
  return { app, lines, metrics, store };
}

/** A patient whose identifying details must never reach a log line. */
function namedPrefetch() {
  return fullPrefetch(PATIENT_ID, {
    patient: {
      resourceType: 'Patient',
      id: PATIENT_ID,
      gender: 'female',
      birthDate: '1989-03-17',
      name: [{ family: 'Quillfeather', given: ['Ottoline'] }],
      identifier: [{ value: 'MRN-55120' }],
    },
  });
}

function signRequest() {
  return hookRequest('order-sign', [hsgOrder('hsg-1', PATIENT_ID)], {
    patientId: PATIENT_ID,
    prefetch: namedPrefetch(),
  });
}

/** The value of one sample in Prometheus text format (0 when absent); labels must match exactly. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = (match[2] ?? '').match(/\w+="(?:[^"\\]|\\.)*"/g) ?? [];
    if ([...got].sort().join(',') === wanted) return Number(match[3]);
  }
  return 0;
}

describe('one structured log line per call', () => {
  it('carries the call fields, matches the response, and holds no patient data or tokens', async () => {
    const { app, lines } = buildObservedApp();
    const sign = signRequest();
    const signed = await request(app).post(SIGN).send(sign);
    const select = hookRequest('order-select', [hsgOrder('hsg-2', PATIENT_ID)], {
      patientId: PATIENT_ID,
      prefetch: namedPrefetch(),
    });
    await request(app).post(SELECT).send(select);
    const noHsg = hookRequest('order-sign', [], { patientId: PATIENT_ID, prefetch: namedPrefetch() });
    await request(app).post(SIGN).send(noHsg);
    const { context: _context, ...withoutContext } = sign;
    await request(app).post(SIGN).send(withoutContext);
    const card = (signed.body as { cards: CdsCard[] }).cards[0];
    await request(app)
      .post(`${SIGN}/feedback`)
      .send({
        card: card?.uuid,
        outcome: 'accepted',
        acceptedSuggestions: [{ id: 's-1' }],
        outcomeTimestamp: '2026-11-28T10:00:00Z',
      });

    const calls = lines.filter((l) => l.msg === 'hook call' || l.msg === 'feedback call');
    expect(calls).toHaveLength(5);
    expect(calls.map((l) => [l.kind, l.serviceId, l.status])).toEqual([
      ['hook', 'hsg-order-sign', 200],
      ['hook', 'hsg-order-select', 200],
      ['hook', 'hsg-order-sign', 200],
      ['hook', 'hsg-order-sign', 400],
      ['feedback', 'hsg-order-sign', 200],
    ]);
    for (const line of calls) {
      expect(line).toMatchObject({ level: 30, service: 'hsg-cds', durationMs: expect.any(Number) });
      expect(typeof line.time).toBe('string');
    }
    expect(calls[0]).toMatchObject({
      hook: 'order-sign',
      hookInstance: sign.hookInstance,
      cards: countCardsByTopic(signed.body.cards),
      hsgOrders: 1,
      dataOrigin: 'prefetch',
      fhirRequests: 0,
      prefetchHits: PLAN_KEYS,
      unavailable: 0,
    });
    expect(calls[1]).toMatchObject({ hook: 'order-select', hookInstance: select.hookInstance });
    // No HSG order: nothing is gathered, so there is no data origin.
    expect(calls[2]).toMatchObject({ hsgOrders: 0, cards: {} });
    expect(calls[2]).not.toHaveProperty('dataOrigin');
    expect(calls[3]).toMatchObject({ errorCode: 'CDS-INVALID-REQUEST' });

    const log = JSON.stringify(lines);
    for (const secret of [PATIENT_ID, 'Quillfeather', 'Ottoline', '1989-03-17', 'MRN-55120', 'dr-1']) {
      expect(log).not.toContain(secret);
    }
  });

  it('LOG_LEVEL=warn keeps the info-level call lines out of the log', async () => {
    const { app, lines } = buildObservedApp({ env: { LOG_LEVEL: 'warn' } });
    await request(app).post(SIGN).send(signRequest());
    expect(lines).toHaveLength(0);
  });
});

describe('GET /metrics', () => {
  it('counts calls, cards, prefetch use, data origin and feedback outcomes as they happen', async () => {
    const { app } = buildObservedApp();
    const before = (await request(app).get('/metrics')).text;
    expect(sample(before, 'hsg_cds_request_duration_seconds_count', {})).toBe(0);

    const responses = [];
    for (let i = 0; i < 3; i++) responses.push((await request(app).post(SIGN).send(signRequest())).body);
    await request(app).post('/cds-services/no-such-service').send(signRequest());
    const cards = responses.flatMap((r: { cards: CdsCard[] }) => r.cards);
    const first = cards[0];
    if (!first) throw new Error('expected the HSG order to produce a card');
    const reason = (code: string) => ({ reason: { system: OVERRIDE_REASON_SYSTEM, code } });
    await request(app)
      .post(`${SIGN}/feedback`)
      .send({
        feedback: [
          {
            card: first.uuid,
            outcome: 'overridden',
            overrideReason: reason('benefit-outweighs-risk'),
            outcomeTimestamp: '2026-11-28T10:00:00Z',
          },
          {
            card: first.uuid,
            outcome: 'overridden',
            overrideReason: reason('made-up-reason'),
            outcomeTimestamp: '2026-11-28T10:01:00Z',
          },
          {
            card: 'never-issued',
            outcome: 'accepted',
            acceptedSuggestions: [{ id: 's-1' }],
            outcomeTimestamp: '2026-11-28T10:02:00Z',
          },
        ],
      });

    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    const sign = { service: 'hsg-order-sign' };
    expect(
      sample(text, 'hsg_cds_request_duration_seconds_count', { ...sign, kind: 'hook', status: '200' }),
    ).toBe(3);
    expect(
      sample(text, 'hsg_cds_request_duration_seconds_count', { ...sign, kind: 'feedback', status: '200' }),
    ).toBe(1);
    // An unknown service id in the URL must not create a time series of its own.
    expect(
      sample(text, 'hsg_cds_request_duration_seconds_count', {
        service: 'unknown',
        kind: 'hook',
        status: '404',
      }),
    ).toBe(1);
    expect(text).not.toContain('no-such-service');
    for (const [key, count] of Object.entries(countCardsByTopic(cards))) {
      const [topic = '', indicator = ''] = key.split(':');
      expect(sample(text, 'hsg_cds_cards_total', { ...sign, topic, indicator })).toBe(count);
    }
    expect(sample(text, 'hsg_cds_prefetch_keys_total', { ...sign, result: 'hit' })).toBe(3 * PLAN_KEYS);
    expect(sample(text, 'hsg_cds_prefetch_keys_total', { ...sign, result: 'miss' })).toBe(0);
    expect(sample(text, 'hsg_cds_data_origin_total', { ...sign, origin: 'prefetch' })).toBe(3);
    const topic = first.source.topic?.code ?? 'none';
    const feedback = (outcome: string, t: string, override_reason: string) =>
      sample(text, 'hsg_cds_feedback_total', { ...sign, outcome, topic: t, override_reason });
    expect(feedback('overridden', topic, 'benefit-outweighs-risk')).toBe(1);
    expect(feedback('overridden', topic, 'other')).toBe(1);
    expect(feedback('accepted', 'unknown', 'none')).toBe(1);
    expect(text).not.toContain('made-up-reason');
    // Process metrics are the server's (one set per process); apps built in tests leave them out.
    expect(text).not.toContain('process_cpu_user_seconds_total');
  });

  it('counts the FHIR requests the data layer makes, by resource type, and their failures', async () => {
    const token = 'fhir-token-obs-1';
    const fhir = await startFhirServer({ port: 0, bearerToken: token });
    try {
      const { app, lines } = buildObservedApp();
      const withFhir = (accessToken: string) => ({
        ...hookRequest('order-sign', [hsgOrder('hsg-1', PATIENT_ID)], {
          patientId: PATIENT_ID,
          prefetch: null,
        }),
        fhirServer: fhir.baseUrl,
        fhirAuthorization: {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: 30,
          scope: 'patient/*.read',
          subject: 'hsg-cds',
        },
      });
      await request(app).post(SIGN).send(withFhir(token));
      await request(app).post(SIGN).send(withFhir('wrong-token'));
      const text = (await request(app).get('/metrics')).text;

      // Each request the FHIR server saw is counted once, under its resource type and status.
      const seen = fhir.requests.filter((r) => r.resourceType);
      expect(seen.length).toBeGreaterThan(0);
      const byLabels = new Map<string, number>();
      for (const r of seen) {
        const key = `${r.resourceType}|${r.authorizationMatched ? '200' : '401'}`;
        byLabels.set(key, (byLabels.get(key) ?? 0) + 1);
      }
      for (const [key, count] of byLabels) {
        const [resource_type = '', status = ''] = key.split('|');
        expect(sample(text, 'hsg_cds_fhir_request_duration_seconds_count', { resource_type, status })).toBe(
          count,
        );
        const errors = sample(text, 'hsg_cds_fhir_request_errors_total', { resource_type, reason: status });
        expect(errors).toBe(status === '401' ? count : 0);
      }
      // … and agrees with the fhirRequests of the call log lines.
      const logged = lines.filter((l) => l.msg === 'hook call').map((l) => l.fhirRequests);
      expect(logged.reduce<number>((sum, n) => sum + Number(n), 0)).toBe(seen.length);
      const fromFhir = lines.filter((l) => l.msg === 'hook call' && l.dataOrigin === 'fhir-server').length;
      expect(fromFhir).toBeGreaterThan(0);
      const origin = { service: 'hsg-order-sign', origin: 'fhir-server' };
      expect(sample(text, 'hsg_cds_data_origin_total', origin)).toBe(fromFhir);
      expect(text).not.toContain(PATIENT_ID);
    } finally {
      await fhir.close();
    }
  });

  it('folds resource types it does not read into "other", and counts timeouts and network errors', async () => {
    const { app, metrics } = buildObservedApp();
    metrics.fhirRequests.onFhirRequest({ resourceType: 'Observation', status: 'timeout', durationMs: 3000 });
    metrics.fhirRequests.onFhirRequest({
      resourceType: 'Patient?name=Smith',
      status: 'error',
      durationMs: 1,
    });
    const text = (await request(app).get('/metrics')).text;
    expect(
      sample(text, 'hsg_cds_fhir_request_errors_total', { resource_type: 'Observation', reason: 'timeout' }),
    ).toBe(1);
    expect(
      sample(text, 'hsg_cds_fhir_request_errors_total', { resource_type: 'other', reason: 'error' }),
    ).toBe(1);
    expect(text).not.toContain('Smith');
  });

  it('METRICS_ENABLED=false or a METRICS_PORT takes /metrics off the service port', async () => {
    const envs: Record<string, string>[] = [{ METRICS_ENABLED: 'false' }, { METRICS_PORT: '9464' }];
    for (const env of envs) {
      const { app } = buildObservedApp({ env });
      const res = await request(app).get('/metrics');
      expect(res.status).toBe(404);
    }
  });
});

describe('health endpoints', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hsg-health-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('/healthz and /readyz answer without the CDS client JWT that the CDS endpoints require', async () => {
    const { app } = buildObservedApp({ env: { CDS_TRUST_SANDBOX: 'true' } });
    expect((await request(app).get('/cds-services')).status).toBe(401);
    const health = await request(app).get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: [
        {
          name: 'knowledge',
          ok: true,
          detail: expect.stringMatching(/^\d+ resources, release \d+\.\d+\.\d+ \((draft|reviewed)\)/),
        },
        { name: 'feedbackStore', ok: true },
      ],
    });
    expect((await request(app).get('/metrics')).status).toBe(200);
  });

  it('/readyz is 503 naming the knowledge when a resource the services need did not load', async () => {
    const knowledgeDir = join(dir, 'fhir-profiles');
    cpSync(DEFAULT_KNOWLEDGE_DIR, knowledgeDir, { recursive: true });
    rmSync(join(knowledgeDir, 'CodeSystem-finding-kind.json'));
    const { app } = buildObservedApp({ knowledge: loadKnowledge(knowledgeDir) });
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'not-ready', failing: ['knowledge'] });
    expect(res.body.checks[0].detail).toContain('http://hsg-cds.org/fhir/CodeSystem/finding-kind');
    // Alive all the same: a restart would not fix the knowledge.
    expect((await request(app).get('/healthz')).status).toBe(200);
  });

  it('/readyz is 503 naming the feedback store when it cannot be written', async () => {
    const store = openSqliteFeedbackStore(join(dir, 'feedback.sqlite'));
    const { app } = buildObservedApp({ store });
    expect((await request(app).get('/readyz')).status).toBe(200);
    await store.close();
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      status: 'not-ready',
      failing: ['feedbackStore'],
      checks: [
        { name: 'knowledge', ok: true },
        { name: 'feedbackStore', ok: false, detail: 'not writable' },
      ],
    });
  });
});
