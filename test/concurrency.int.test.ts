import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, FhirResource, Observation } from 'fhir/r4.js';
import { startFhirServer, type FhirTestServer } from '../src/dev/fhir-server/index.js';
import { buildPrefetchPlan } from '../src/services/prefetch-plan.js';
import { createTestApp, testKnowledge } from './support/create-test-app.js';
import {
  expectValidResponse,
  fullPrefetch,
  hookRequest,
  hsgOrder,
  searchset,
} from './support/cds-requests.js';
import { pregnantPatient, transaction } from './support/seed-patients.js';

/**
 * Many hook calls in flight at once must never see each other's data: every patient id, order id and
 * resource id below starts with the call's own `pat-<n>-`, so any foreign id in a response is cross-talk.
 */

const SIMULTANEOUS_PREFETCH_CALLS = 200;
const SIMULTANEOUS_FHIR_CALLS = 24;
const TOKEN = 'fhir-access-token-for-concurrency';
const DAY_MS = 86_400_000;
const NEGATIVE = { system: 'http://snomed.info/sct', code: '260385009', display: 'Negative' };
const requiredSearches = buildPrefetchPlan(testKnowledge()).filter((entry) => entry.requiredByRules).length;

interface PatientCase {
  readonly patientId: string;
  readonly orderId: string;
  readonly pregnant: boolean;
  readonly hook: 'order-select' | 'order-sign';
  readonly resources: FhirResource[];
}

/** The pregnant patient's record with the hCG turned negative (and dated differently per patient). */
function patientCase(n: number, now: Date): PatientCase {
  const patientId = `pat-${n}`;
  const pregnant = n % 2 === 0;
  const resources = pregnantPatient(patientId, new Date(now.getTime() - (n % 20) * DAY_MS));
  if (!pregnant) {
    const hcg = resources.find((r): r is Observation => r.resourceType === 'Observation')!;
    hcg.valueCodeableConcept = { coding: [NEGATIVE] };
  }
  const hook = n % 4 < 2 ? 'order-sign' : 'order-select';
  return { patientId, orderId: `${patientId}-hsg`, pregnant, hook, resources };
}

function prefetchOf(c: PatientCase): Record<string, FhirResource | null> {
  const ofType = (type: string) => searchset(c.resources.filter((r) => r.resourceType === type));
  return fullPrefetch(c.patientId, {
    patient: c.resources.find((r) => r.resourceType === 'Patient')!,
    conditions: ofType('Condition'),
    allergies: ofType('AllergyIntolerance'),
    observations: ofType('Observation'),
  });
}

function bodyFor(c: PatientCase, source: { prefetch: true } | { fhirServer: string }) {
  const request = hookRequest(c.hook, [hsgOrder(c.orderId, c.patientId)], {
    patientId: c.patientId,
    prefetch: 'prefetch' in source ? prefetchOf(c) : null,
  });
  if ('prefetch' in source) return request;
  return { ...request, fhirServer: source.fhirServer, fhirAuthorization: { access_token: TOKEN } };
}

interface CdsAnswer {
  readonly status: number;
  readonly text: string;
}

async function post(baseUrl: string, c: PatientCase, body: unknown): Promise<CdsAnswer> {
  const service = c.hook === 'order-sign' ? 'hsg-order-sign' : 'hsg-order-select';
  const res = await fetch(`${baseUrl}/cds-services/${service}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

/** The call's answer concerns its own patient and order only, and carries that patient's findings. */
function expectOwnCards(c: PatientCase, answer: CdsAnswer, draftOrders: Bundle): void {
  expect({ patient: c.patientId, status: answer.status }).toEqual({ patient: c.patientId, status: 200 });
  const body = JSON.parse(answer.text) as {
    cards: { source: { topic?: { code: string } }; extension?: Record<string, unknown> }[];
  };
  expectValidResponse(body, draftOrders);
  const foreignIds = [...new Set(answer.text.match(/pat-\d+/g) ?? [])].filter((id) => id !== c.patientId);
  expect({ patient: c.patientId, foreignIds }).toEqual({ patient: c.patientId, foreignIds: [] });
  const orders = new Set(body.cards.map((card) => card.extension?.['org.hsg-cds.order']).filter(Boolean));
  // A patient who is not pregnant gets no card on order-select (the billing card is shown at signing only).
  const expectsCards = c.pregnant || c.hook === 'order-sign';
  expect({ patient: c.patientId, orders: [...orders] }).toEqual({
    patient: c.patientId,
    orders: expectsCards ? [`ServiceRequest/${c.orderId}`] : [],
  });
  const topics = body.cards.map((card) => card.source.topic?.code);
  expect({ patient: c.patientId, pregnancyCard: topics.includes('pregnancy') }).toEqual({
    patient: c.patientId,
    pregnancyCard: c.pregnant,
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const now = new Date();
const { app } = createTestApp({ env: { FHIR_TIMEOUT_MS: '5000', FHIR_BUDGET_MS: '10000' } });
const server = createServer(app);
// fetch keeps the first test's 200 connections for the second; the server must not close them meanwhile.
server.keepAliveTimeout = 60_000;
let baseUrl: string;

beforeAll(async () => {
  baseUrl = await listen(server);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe(`${SIMULTANEOUS_PREFETCH_CALLS} simultaneous calls with prefetch, half of the patients pregnant`, () => {
  it('each answer holds only its own patient, its own order and its own findings', async () => {
    const cases = Array.from({ length: SIMULTANEOUS_PREFETCH_CALLS }, (_, n) => patientCase(n, now));
    const bodies = cases.map((c) => bodyFor(c, { prefetch: true }));
    const answers = await Promise.all(cases.map((c, n) => post(baseUrl, c, bodies[n])));
    cases.forEach((c, n) => expectOwnCards(c, answers[n]!, bodies[n]!.context.draftOrders as Bundle));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(SIMULTANEOUS_PREFETCH_CALLS);
  });
});

describe(`${SIMULTANEOUS_FHIR_CALLS} simultaneous calls through the FHIR server`, () => {
  let fhir: FhirTestServer;
  const cases = Array.from({ length: SIMULTANEOUS_FHIR_CALLS }, (_, n) => patientCase(1000 + n, now));

  beforeAll(async () => {
    fhir = await startFhirServer({
      bearerToken: TOKEN,
      seed: [transaction(cases.flatMap((c) => c.resources))],
    });
  });
  afterAll(() => fhir.close());

  it("each answer holds only its own patient's findings, from searches for that patient only", async () => {
    fhir.resetRequests();
    const bodies = cases.map((c) => bodyFor(c, { fhirServer: fhir.baseUrl }));
    const answers = await Promise.all(cases.map((c, n) => post(baseUrl, c, bodies[n])));
    cases.forEach((c, n) => expectOwnCards(c, answers[n]!, bodies[n]!.context.draftOrders as Bundle));

    const searchesByPatient = new Map<string, number>();
    for (const recorded of fhir.requests) {
      const patient = new URLSearchParams(recorded.query).get('patient') ?? '(none)';
      searchesByPatient.set(patient, (searchesByPatient.get(patient) ?? 0) + 1);
    }
    expect(Object.fromEntries(searchesByPatient)).toEqual(
      Object.fromEntries(cases.map((c) => [c.patientId, requiredSearches])),
    );
    expect(fhir.requests.every((r) => r.authorizationMatched)).toBe(true);
  });
});
