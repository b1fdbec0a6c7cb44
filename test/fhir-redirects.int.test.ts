import request from 'supertest';
import { buildPrefetchPlan } from '../src/services/prefetch-plan.js';
import { testKnowledge } from './support/create-test-app.js';
import {
  expectOperationOutcome,
  expectValidResponse,
  fhirServerCall,
  fullPrefetch,
  hookRequest,
  hsgOrder,
  searchset,
} from './support/cds-requests.js';
import { useFhirBehindFaultProxy } from './support/fhir-behind-fault-proxy.js';
import { createObservedTestApp } from './support/observed-test-app.js';
import { startRecordingServer, type RecordingServer } from './support/recording-server.js';
import { pregnantPatient, transaction } from './support/seed-patients.js';

/**
 * An allow-listed FHIR server that answers with a redirect, or hands out next-page links that leave
 * its base by a path trick, must not make the service send the search (patient id, query) or the
 * access token anywhere else. Real servers on loopback: the embedded FHIR server behind the fault
 * proxy, and a recording server standing where the redirect or link points.
 */

const TOKEN = 'fhir-access-token-for-redirects';
const SIGN = '/cds-services/hsg-order-sign';
const PATIENT = 'preg-redirect';
const requiredSearches = buildPrefetchPlan(testKnowledge()).filter((entry) => entry.requiredByRules).length;

const observed = createObservedTestApp({ FHIR_TIMEOUT_MS: '2000', FHIR_BUDGET_MS: '3000' });
const servers = useFhirBehindFaultProxy({
  bearerToken: TOKEN,
  seed: () => [transaction(pregnantPatient(PATIENT, new Date()))],
});
let elsewhere: RecordingServer;
beforeAll(async () => {
  elsewhere = await startRecordingServer();
});
afterAll(() => elsewhere.close());

type Card = { source: { topic: { code: string } }; detail?: string };
const incomplete = (body: { cards: Card[] }) =>
  body.cards.find((card) => card.source.topic.code === 'screening-incomplete');
const proxyOrigin = () => new URL(servers.proxy.baseUrl).origin;

describe('a FHIR server answering a search with a redirect', () => {
  const targets: [string, () => string][] = [
    ['another loopback origin', () => `${elsewhere.origin}/fhir/R4/Observation?patient=${PATIENT}`],
    [
      'a path outside the base on the same origin',
      () => `${proxyOrigin()}/admin/Observation?patient=${PATIENT}`,
    ],
  ];
  it.each(
    targets.flatMap(([name, location]) =>
      [301, 302, 303, 307, 308].map((status) => [name, status, location] as const),
    ),
  )(
    'to %s (%i): not followed; the category is "redirected" on the card, in the log line and the metrics',
    async (_name, status, location) => {
      await servers.proxy.setFault({
        kind: 'redirect',
        status,
        location: location(),
        onlyResourceType: 'Observation',
      });
      const receivedBefore = servers.proxy.received.length;
      const redirectsBefore = await observed.counter('hsg_cds_fhir_request_errors_total', {
        resource_type: 'Observation',
        reason: 'redirected',
      });

      const res = await request(observed.app)
        .post(SIGN)
        .send(fhirServerCall(PATIENT, servers.proxy.baseUrl, TOKEN));

      expect(res.status).toBe(200);
      expectValidResponse(res.body);
      expect(incomplete(res.body)?.detail).toContain('redirected');
      // Nothing went where the redirect pointed: not the other origin, not the path outside the base.
      expect(elsewhere.received).toEqual([]);
      const reached = servers.proxy.received.slice(receivedBefore);
      expect(reached).toHaveLength(requiredSearches);
      expect(reached.every((r) => r.path.startsWith('/fhir/R4/') && r.authorization)).toBe(true);
      expect(observed.calls.at(-1)?.annotations).toMatchObject({
        unavailable: 1,
        unavailableReasons: 'observations:redirected',
      });
      expect(
        await observed.counter('hsg_cds_fhir_request_errors_total', {
          resource_type: 'Observation',
          reason: 'redirected',
        }),
      ).toBe(redirectsBefore + 1);
    },
  );

  it('on every search: 412 OperationOutcome naming the redirect, never a 5xx, and the service keeps serving', async () => {
    await servers.proxy.setFault({
      kind: 'redirect',
      status: 302,
      location: `${elsewhere.origin}/fhir/R4/Patient`,
    });
    const res = await request(observed.app)
      .post(SIGN)
      .send(fhirServerCall(PATIENT, servers.proxy.baseUrl, TOKEN));
    expect(res.status).toBe(412);
    expectOperationOutcome(res.body);
    expect(JSON.stringify(res.body)).toContain('redirected');
    expect(elsewhere.received).toEqual([]);

    await servers.proxy.setFault({ kind: 'none' });
    const after = await request(observed.app)
      .post(SIGN)
      .send(fhirServerCall(PATIENT, servers.proxy.baseUrl, TOKEN));
    expect(after.status).toBe(200);
    expect(incomplete(after.body)).toBeUndefined();
  });
});

describe('next-page links that try to leave the base', () => {
  /** A paginated prefetch whose next link is `next`: the service completes it from the FHIR server. */
  function callWithNextLink(next: string) {
    const firstPage = { ...searchset(), link: [{ relation: 'next', url: next }] };
    return request(observed.app)
      .post(SIGN)
      .send({
        ...hookRequest('order-sign', [hsgOrder('hsg-1', PATIENT)], {
          patientId: PATIENT,
          prefetch: fullPrefetch(PATIENT, { observations: firstPage as never }),
        }),
        fhirServer: servers.proxy.baseUrl,
        fhirAuthorization: {
          access_token: TOKEN,
          token_type: 'Bearer',
          scope: 'patient/*.read',
          subject: 'x',
        },
      });
  }
  const base = () => servers.proxy.baseUrl;
  const query = `Observation?patient=${PATIENT}`;
  const port = () => new URL(base()).port;

  it.each<[string, () => string]>([
    ['dot segments', () => `${base()}/../../admin/${query}`],
    ['encoded dot segments', () => `${base()}/%2e%2e/%2E%2E/admin/${query}`],
    ['encoded slashes', () => `${base()}/..%2f..%2fadmin/${query}`],
    ['encoded backslashes', () => `${base()}/..%5c..%5cadmin/${query}`],
    ['a relative link climbing out', () => `../../admin/${query}`],
    ['a different port', () => `${elsewhere.origin}/fhir/R4/${query}`],
    ['userinfo', () => `http://user:secret@127.0.0.1:${port()}/fhir/R4/${query}`],
    [
      'userinfo hiding another host',
      () => `http://127.0.0.1:${port()}@${new URL(elsewhere.origin).host}/fhir/R4/${query}`,
    ],
    ['an IPv6 literal for the same host', () => `http://[::1]:${port()}/fhir/R4/${query}`],
    ['an IPv4-mapped IPv6 literal', () => `http://[::ffff:127.0.0.1]:${port()}/fhir/R4/${query}`],
    ['a base-path prefix without a boundary', () => `${base()}evil/${query}`],
    ['an uppercase path', () => `http://127.0.0.1:${port()}/FHIR/R4/${query}`],
    ['another scheme', () => `https://127.0.0.1:${port()}/fhir/R4/${query}`],
  ])('%s: refused before any request, reported as outside-base', async (_name, next) => {
    const receivedBefore = servers.proxy.received.length;
    const res = await callWithNextLink(next());
    expect(res.status).toBe(200);
    expectValidResponse(res.body);
    expect(incomplete(res.body)?.detail).toContain('outside-base');
    expect(servers.proxy.received.slice(receivedBefore)).toEqual([]);
    expect(elsewhere.received).toEqual([]);
    expect(observed.calls.at(-1)?.annotations).toMatchObject({
      unavailableReasons: 'observations:outside-base',
    });
  });

  it('an uppercase scheme and host for the same base is the same server: followed, with the token', async () => {
    const receivedBefore = servers.proxy.received.length;
    const res = await callWithNextLink(`HTTP://127.0.0.1:${port()}/fhir/R4/${query}`);
    expect(res.status).toBe(200);
    expect(incomplete(res.body)).toBeUndefined();
    expect(servers.proxy.received.slice(receivedBefore)).toEqual([
      { path: `/fhir/R4/${query}`, authorization: true },
    ]);
  });
});
