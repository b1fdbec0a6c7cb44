import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from 'fhir/r4.js';
import request from 'supertest';
import { checkCardProfile, type CardProfileName } from '../src/cards/card-profiles.js';
import type { CdsResponse } from '../src/protocol/cds-types.js';
import { checkCdsResponse } from '../src/protocol/validate-response.js';
import { BASE, CLIENTS, tokenFor, trustedClients } from './support/ehr-clients.js';
import { signClientJwt } from './support/sign-jwt.js';
import { expectOperationOutcome, readFixture } from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';
import { EXAMPLES_NOW } from './e2e/support/example-patients.js';

const dir = mkdtempSync(join(tmpdir(), 'hsg-ehr-fixtures-'));
const clientsFile = join(dir, 'trusted-clients.json');
writeFileSync(clientsFile, JSON.stringify(trustedClients));
const { app } = createTestApp({
  env: { CDS_TRUSTED_CLIENTS: clientsFile, CDS_TRUST_SANDBOX: 'true', PUBLIC_BASE_URL: BASE },
  now: () => EXAMPLES_NOW,
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface FixtureCase {
  readonly fixture: string;
  readonly client: keyof typeof CLIENTS | 'sandbox';
  readonly profile: CardProfileName;
  readonly status: number;
  /** The card topics (profile's codes), sorted; or the OperationOutcome's expression for an error. */
  readonly expected: readonly string[];
}

const CASES: readonly FixtureCase[] = [
  // Only the selected HSG is screened (the chest X-ray is an earlier draft); negative hCG yesterday,
  // N97.9 on the order: nothing on order-select (the billing card waits for order-sign).
  {
    fixture: 'epic/order-select-hsg-cpt.json',
    client: 'epic',
    profile: 'epic',
    status: 200,
    expected: [],
  },
  // Site procedure-record code only: recognised through code.text.
  {
    fixture: 'epic/order-select-hsg-eap-only.json',
    client: 'epic',
    profile: 'epic',
    status: 200,
    expected: [],
  },
  // Outcome-only searchsets mean "no data", not "could not fetch": no screening-incomplete card; the
  // billing card in Epic's alphanumeric topic code.
  {
    fixture: 'epic/order-sign-hsg.json',
    client: 'epic',
    profile: 'epic',
    status: 200,
    expected: ['billingcodes'],
  },
  // No draftOrders (client ID lacks the Unsigned Order scope): nothing to screen.
  { fixture: 'epic/order-sign-stripped.json', client: 'epic', profile: 'epic', status: 200, expected: [] },
  {
    fixture: 'epic/stu3-order-select-procedurerequest.json',
    client: 'epic',
    profile: 'epic',
    status: 200,
    expected: ['indicationmissing'],
  },
  {
    fixture: 'oracle-health/order-select-codeset200.json',
    client: 'oracle',
    profile: 'oracle',
    status: 200,
    expected: ['indication-missing'],
  },
  // The DeviceRequest and the HCPCS G0180 ServiceRequest are not HSG: cards for the HSG order only.
  {
    fixture: 'inferno-crd/order-sign-hsg.json',
    client: 'inferno',
    profile: 'standard',
    status: 200,
    expected: ['billing-codes', 'indication-missing', 'pregnancy-test-needed'],
  },
  // Prefetch values null: no data, nothing fetched, no screening-incomplete.
  {
    fixture: 'spec3-client/order-select-smart-v2.json',
    client: 'spec3',
    profile: 'standard',
    status: 200,
    expected: ['indication-missing'],
  },
  // Lumbar spine CT is not an HSG-family order.
  {
    fixture: 'cds-hooks-sandbox/pama-order-select-cpt-72133.json',
    client: 'sandbox',
    profile: 'standard',
    status: 200,
    expected: [],
  },
];

describe('requests shaped like each EHR client, through the real service over HTTP', () => {
  test.each(CASES)('$fixture ($client)', async ({ fixture, client, profile, status, expected }) => {
    const body = readFixture<{ hook: string; context: { draftOrders?: Bundle } }>(fixture);
    const path = `/cds-services/hsg-${body.hook}`;
    const token =
      client === 'sandbox'
        ? await signClientJwt(`${BASE}${path}`)
        : await tokenFor(CLIENTS[client]!, `${BASE}${path}`);
    const res = await request(app).post(path).set('Authorization', `Bearer ${token}`).send(body);
    expect(res.status).toBeLessThan(500);
    expect(res.status).toBe(status);
    if (status !== 200) {
      expectOperationOutcome(res.body);
      expect(res.body.issue[0].expression).toEqual(expected);
      return;
    }
    const response = res.body as CdsResponse;
    expect(checkCdsResponse(response, { draftOrders: body.context.draftOrders })).toEqual([]);
    expect(response.cards.flatMap((card) => checkCardProfile(card, profile))).toEqual([]);
    expect(response.cards.map((c) => c.source.topic?.code).sort()).toEqual(expected);
  });
});

describe('Epic ids longer than 64 characters', () => {
  test('a pregnancy card can still offer to remove the 160-character draft order (epic: one action each)', async () => {
    const body = readFixture<{
      context: { patientId: string; draftOrders: Bundle };
      prefetch: Record<string, unknown>;
    }>('epic/order-sign-hsg.json');
    const pregnancy = {
      resourceType: 'Condition',
      id: 'eCOND.preg-1',
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      code: { coding: [{ system: 'urn:oid:2.16.840.1.113883.6.90', code: 'Z33.1' }], text: 'Pregnant state' },
      subject: { reference: `Patient/${body.context.patientId}` },
    };
    body.prefetch.conditions = {
      resourceType: 'Bundle',
      type: 'searchset',
      total: 1,
      entry: [{ resource: pregnancy }],
    };
    const path = '/cds-services/hsg-order-sign';
    const res = await request(app)
      .post(path)
      .set('Authorization', `Bearer ${await tokenFor(CLIENTS.epic!, `${BASE}${path}`)}`)
      .send(body)
      .expect(200);
    const response = res.body as CdsResponse;
    const card = response.cards.find((c) => c.source.topic?.code === 'pregnancy');
    const hsg = body.context.draftOrders.entry?.[0]?.resource;
    expect(hsg?.id?.length).toBeGreaterThan(64);
    expect(card?.indicator).toBe('critical');
    expect(card?.suggestions?.map((s) => s.actions?.map((a) => [a.type, a.resourceId]))).toContainEqual([
      ['delete', `ServiceRequest/${hsg?.id}`],
    ]);
    expect(checkCdsResponse(response, { draftOrders: body.context.draftOrders })).toEqual([]);
    expect(response.cards.flatMap((c) => checkCardProfile(c, 'epic'))).toEqual([]);
  });
});

describe('precise errors for client requests that cannot be answered', () => {
  test('an Epic order-select body sent to the order-sign service is a 400 naming hook', async () => {
    const body = readFixture('epic/order-select-hsg-cpt.json');
    const path = '/cds-services/hsg-order-sign';
    const res = await request(app)
      .post(path)
      .set('Authorization', `Bearer ${await tokenFor(CLIENTS.epic!, `${BASE}${path}`)}`)
      .send(body)
      .expect(400);
    expectOperationOutcome(res.body);
    expect(res.body.issue[0].expression).toEqual(['hook']);
  });

  test("an Oracle call naming another host's FHIR server is a 403 naming fhirServer, nothing fetched", async () => {
    const body = {
      ...readFixture('oracle-health/order-select-codeset200.json'),
      fhirServer: 'https://fhir-ehr.example.net/r4/x',
    };
    const path = '/cds-services/hsg-order-select';
    const res = await request(app)
      .post(path)
      .set('Authorization', `Bearer ${await tokenFor(CLIENTS.oracle!, `${BASE}${path}`)}`)
      .send(body)
      .expect(403);
    expectOperationOutcome(res.body);
    expect(res.body.issue[0].expression).toEqual(['fhirServer']);
  });

  test.each(CASES.map((c) => c.fixture))('%s without a token is the generic 401', async (fixture) => {
    const body = readFixture<{ hook: string }>(fixture);
    const res = await request(app).post(`/cds-services/hsg-${body.hook}`).send(body).expect(401);
    expectOperationOutcome(res.body);
  });
});
