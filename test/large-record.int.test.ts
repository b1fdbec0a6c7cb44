import request from 'supertest';
import { createFhirDataSource } from '../src/data/fhir-server-data-source.js';
import { generateLargeRecord, startFhirServer, type FhirTestServer } from '../src/dev/fhir-server/index.js';
import type { CdsRequest } from '../src/protocol/cds-types.js';
import { buildPrefetchPlan } from '../src/services/prefetch-plan.js';
import { createTestApp, testKnowledge } from './support/create-test-app.js';
import { hookRequest, hsgOrder } from './support/cds-requests.js';
import { pregnantPatient, transaction } from './support/seed-patients.js';

const PATIENT = 'large-1';
const now = new Date();
/** Searching 11,000 resources on a loaded shared machine can take seconds: only the data is under test here. */
const LIMITS = { timeoutMs: 15_000, budgetMs: 30_000 };
let fhir: FhirTestServer;

beforeAll(async () => {
  // 10,000 Observations and 1,000 Conditions no rule cares about, plus a positive hCG two days ago.
  const large = generateLargeRecord(PATIENT, { observations: 10_000, conditions: 1_000 });
  const [, hcg] = pregnantPatient(PATIENT, now);
  fhir = await startFhirServer({ seed: [large, transaction([hcg!])] });
}, 60_000);
afterAll(() => fhir.close());

const call = () => ({
  ...hookRequest('order-sign', [hsgOrder('hsg-1', PATIENT)], { patientId: PATIENT, prefetch: null }),
  fhirServer: fhir.baseUrl,
});

describe('a large record through the FHIR server', () => {
  it('transfers only what the rules read: server-side code filters keep the 10,000 Observations home', async () => {
    const source = createFhirDataSource({ ...LIMITS, pageCap: 10 });
    const gathered = await source.gather({
      request: call() as unknown as CdsRequest,
      plan: buildPrefetchPlan(testKnowledge()),
    });
    expect(gathered.record.unavailable.size).toBe(0);
    expect(gathered.record.observations).toHaveLength(1);
    // Conditions cannot be filtered by code on the server (ICD-10-CM families), so all come, in 200s.
    expect(gathered.record.conditions).toHaveLength(1_000);
    expect(fhir.requests.filter((r) => r.resourceType === 'Observation')).toHaveLength(1);
    expect(fhir.requests.filter((r) => r.resourceType === 'Condition')).toHaveLength(5);
  });

  it('the hook still answers with the pregnancy card and nothing marked incomplete', async () => {
    const { app } = createTestApp({
      env: { FHIR_TIMEOUT_MS: String(LIMITS.timeoutMs), FHIR_BUDGET_MS: String(LIMITS.budgetMs) },
    });
    const res = await request(app).post('/cds-services/hsg-order-sign').send(call());
    expect(res.status).toBe(200);
    const topics = res.body.cards.map((c: { source: { topic: { code: string } } }) => c.source.topic.code);
    expect(topics).toContain('pregnancy');
    expect(topics).not.toContain('screening-incomplete');
  });
});
