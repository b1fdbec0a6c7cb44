import type { Bundle } from 'fhir/r4.js';
import request from 'supertest';
import { createFhirDataSource } from '../src/data/fhir-server-data-source.js';
import type { CdsRequest } from '../src/protocol/cds-types.js';
import { buildPrefetchPlan } from '../src/services/prefetch-plan.js';
import { createTestApp, testKnowledge } from './support/create-test-app.js';
import {
  expectOperationOutcome,
  expectValidResponse,
  fullPrefetch,
  hookRequest,
  hsgOrder,
  searchset,
} from './support/cds-requests.js';
import type { Fault } from './support/fault-proxy.js';
import { useFhirBehindFaultProxy } from './support/fhir-behind-fault-proxy.js';
import { pregnantPatient, transaction } from './support/seed-patients.js';

const TOKEN = 'fhir-access-token-for-tests';
const SIGN = '/cds-services/hsg-order-sign';
const now = new Date();
/** The categories fetched when missing: conditions, allergies, observations, procedures. */
const REQUIRED_KEYS = 4;

const { app } = createTestApp({
  env: { FHIR_TIMEOUT_MS: '400', FHIR_BUDGET_MS: '1500', FHIR_PAGE_CAP: '3' },
});

const servers = useFhirBehindFaultProxy({
  bearerToken: TOKEN,
  seed: () => [transaction(pregnantPatient('preg-1', now))],
});

function call(
  options: { prefetch?: Record<string, unknown> | null; base?: string; token?: string | null } = {},
) {
  const body = {
    ...hookRequest('order-sign', [hsgOrder('hsg-1', 'preg-1')], {
      patientId: 'preg-1',
      prefetch: (options.prefetch ?? null) as never,
    }),
    fhirServer: options.base ?? servers.fhir.baseUrl,
    ...(options.token === null
      ? {}
      : {
          fhirAuthorization: {
            access_token: options.token ?? TOKEN,
            token_type: 'Bearer',
            expires_in: 30,
            scope: 'patient/*.read',
            subject: 'hsg-cds',
            patient: 'preg-1',
          },
        }),
  };
  return request(app).post(SIGN).send(body);
}

const topics = (body: { cards: { source: { topic: { code: string } } }[] }) =>
  body.cards.map((c) => c.source.topic.code);

describe('no prefetch: the service queries the FHIR server', () => {
  it('gets the data with the bearer token, one parallel search per required type, and answers with cards', async () => {
    const res = await call();
    expect(res.status).toBe(200);
    expectValidResponse(res.body);
    expect(res.body.cards.length).toBeGreaterThan(0);
    expect(topics(res.body)).not.toContain('screening-incomplete');
    expect(servers.fhir.requests).toHaveLength(REQUIRED_KEYS);
    expect(servers.fhir.requests.every((r) => r.authorizationMatched)).toBe(true);
    expect(new Set(servers.fhir.requests.map((r) => r.resourceType)).size).toBe(REQUIRED_KEYS);
    // Server-side filters: the observation search names the codes, not the whole record.
    const observationQuery = servers.fhir.requests.find((r) => r.resourceType === 'Observation')!.query;
    expect(decodeURIComponent(observationQuery)).toContain('code=http://loinc.org|');
    expect(observationQuery).toContain('patient=preg-1');
  });

  it('fills in only the missing keys of a partial prefetch, and never re-fetches a null key', async () => {
    const prefetch = fullPrefetch('preg-1', { observations: undefined as never, allergies: null });
    delete prefetch.observations;
    const res = await call({ prefetch });
    expect(res.status).toBe(200);
    expect(servers.fhir.requests.map((r) => r.resourceType)).toEqual(['Observation']);
  });

  it('re-fetches a key the EHR answered with an OperationOutcome', async () => {
    const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'timeout' }] };
    const res = await call({ prefetch: fullPrefetch('preg-1', { conditions: outcome as never }) });
    expect(res.status).toBe(200);
    expect(servers.fhir.requests.map((r) => r.resourceType)).toEqual(['Condition']);
  });

  it('follows a paginated prefetch Bundle with the token', async () => {
    const next = `${servers.fhir.baseUrl}/Observation?patient=preg-1&_count=1&_offset=0`;
    const firstPage: Bundle = { ...searchset(), link: [{ relation: 'next', url: next }] };
    const res = await call({ prefetch: fullPrefetch('preg-1', { observations: firstPage }) });
    expect(res.status).toBe(200);
    expect(servers.fhir.requests.length).toBeGreaterThanOrEqual(1);
    expect(
      servers.fhir.requests.every((r) => r.resourceType === 'Observation' && r.authorizationMatched),
    ).toBe(true);
    expect(topics(res.body)).toContain('pregnancy');
  });

  it('drops resources of another patient or another type instead of trusting them', async () => {
    const otherPatient = pregnantPatient('someone-else', now)[1]!;
    const res = await call({
      prefetch: fullPrefetch('preg-1', {
        observations: searchset([otherPatient]),
        conditions: searchset([{ resourceType: 'Patient', id: 'x' }]),
      }),
      token: null,
    });
    expect(res.status).toBe(200);
    expect(topics(res.body)).not.toContain('pregnancy');
  });
});

describe('faults: the right card or 412, within the budget, and the service keeps serving', () => {
  it.each<[string, Fault]>([
    ['a 500 on observations', { kind: 'status', status: 500, onlyResourceType: 'Observation' }],
    ['a 401 on allergies', { kind: 'status', status: 401, onlyResourceType: 'AllergyIntolerance' }],
    ['invalid JSON on conditions', { kind: 'truncated-json', onlyResourceType: 'Condition' }],
    ['a non-Bundle answer on procedures', { kind: 'not-a-bundle', onlyResourceType: 'Procedure' }],
    ['a next link that loops on observations', { kind: 'next-loop', onlyResourceType: 'Observation' }],
    [
      'latency past the timeout on observations',
      { kind: 'latency', ms: 3000, onlyResourceType: 'Observation' },
    ],
    ['a connection reset on conditions', { kind: 'reset', onlyResourceType: 'Condition' }],
  ])(
    '%s → the category is reported unavailable, and 200 with a screening-incomplete card',
    async (_name, fault) => {
      await servers.proxy.setFault(fault);
      const source = createFhirDataSource({ timeoutMs: 400, budgetMs: 1500, pageCap: 3 });
      const body = {
        ...hookRequest('order-sign', [hsgOrder('hsg-1', 'preg-1')], { patientId: 'preg-1', prefetch: null }),
        fhirServer: servers.proxy.baseUrl,
        fhirAuthorization: { access_token: TOKEN },
      };
      const gathered = await source.gather({
        request: body as unknown as CdsRequest,
        plan: buildPrefetchPlan(testKnowledge()),
      });
      const category = {
        Observation: 'observations',
        AllergyIntolerance: 'allergies',
        Condition: 'conditions',
        Procedure: 'procedures',
      }[fault.onlyResourceType!];
      expect([...gathered.record.unavailable.keys()]).toEqual([category]);
      expect(gathered.origin).toBe('fhir-server');

      await servers.proxy.setFault(fault);
      const started = Date.now();
      const res = await call({ base: servers.proxy.baseUrl });
      expect(Date.now() - started).toBeLessThan(2500);
      expect(res.status).toBe(200);
      expectValidResponse(res.body);
      expect(topics(res.body)).toContain('screening-incomplete');
    },
  );

  it.each<[string, Fault]>([
    ['the FHIR server down', { kind: 'down' }],
    ['a 401 on everything', { kind: 'status', status: 401 }],
    ['latency past the budget everywhere', { kind: 'latency', ms: 5000 }],
  ])('%s → 412 OperationOutcome', async (_name, fault) => {
    await servers.proxy.setFault(fault);
    const res = await call({ base: servers.proxy.baseUrl });
    expect(res.status).toBe(412);
    expectOperationOutcome(res.body);
    const healthy = await request(app).get('/cds-services');
    expect(healthy.status).toBe(200);
  });
});
