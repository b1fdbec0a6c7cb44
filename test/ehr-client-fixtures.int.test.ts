import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from 'fhir/r4.js';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import request from 'supertest';
import { checkCardProfile, type CardProfileName } from '../src/cards/card-profiles.js';
import type { CdsResponse } from '../src/protocol/cds-types.js';
import { checkCdsResponse } from '../src/protocol/validate-response.js';
import { crdKeys, signClientJwt } from './support/sign-jwt.js';
import { expectOperationOutcome, readFixture } from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';
import { EXAMPLES_NOW } from './e2e/support/example-patients.js';

const BASE = 'https://cds.example.org';
const EPIC_ISS = 'https://ehr.example.org/interconnect-fhir-oauth/api/FHIR/R4';
const EPIC_JKU =
  'https://ehr.example.org/interconnect-fhir-oauth/api/epic/2019/Security/Open/PublicKeys/530013/530013';
const ORACLE_ISS = 'https://cds-hooks.cerner.com';
const INFERNO_ISS = 'https://inferno.healthit.gov/suites/custom/crd_client';
const SPEC3_ISS = 'https://spec3-client.example.org';

interface ClientKey {
  readonly iss: string;
  readonly alg: 'RS384' | 'ES384';
  readonly privateKey: CryptoKey | JWK;
  readonly kid: string;
  readonly jku?: string;
  readonly sub?: string;
  readonly lifetime: number;
}

async function generated(alg: 'RS384' | 'ES384', kid: string) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { publicJwk: { ...(await exportJWK(publicKey)), kid, alg }, privateKey };
}

const epicKey = await generated('RS384', 'd3bmo5HzW61TUgikHZH+A8Tx4UOXz2iOs4KvVU4eLY0=');
const oracleKey = await generated('ES384', 'oracle-cds-2026');
const spec3Key = await generated('ES384', 'spec3-2026');
const [infernoEcPublic, infernoEcPrivate] = crdKeys() as [JWK, JWK];

const CLIENTS: Record<string, ClientKey> = {
  epic: {
    iss: EPIC_ISS,
    alg: 'RS384',
    privateKey: epicKey.privateKey,
    kid: epicKey.publicJwk.kid,
    jku: EPIC_JKU,
    sub: 'aeac3da7-6481-45af-ad41-42e5e701141d',
    lifetime: 900,
  },
  oracle: {
    iss: ORACLE_ISS,
    alg: 'ES384',
    privateKey: oracleKey.privateKey,
    kid: oracleKey.publicJwk.kid,
    jku: 'https://authorization.cerner.com/jwk',
    lifetime: 300,
  },
  inferno: {
    iss: INFERNO_ISS,
    alg: 'ES384',
    privateKey: infernoEcPrivate,
    kid: infernoEcPrivate.kid!,
    lifetime: 300,
  },
  spec3: {
    iss: SPEC3_ISS,
    alg: 'ES384',
    privateKey: spec3Key.privateKey,
    kid: spec3Key.publicJwk.kid,
    lifetime: 300,
  },
};

const trustedClients = {
  clients: [
    {
      iss: EPIC_ISS,
      jwks: { keys: [epicKey.publicJwk] },
      cardProfile: 'epic',
      fhirServers: ['https://ehr.example.org/interconnect-fhir-oauth/api/FHIR'],
    },
    {
      iss: ORACLE_ISS,
      jwks: { keys: [oracleKey.publicJwk] },
      cardProfile: 'oracle',
      fhirServers: ['https://fhir-ehr.cerner.com/r4'],
    },
    {
      iss: INFERNO_ISS,
      jwks: { keys: [infernoEcPublic] },
      fhirServers: ['https://inferno.healthit.gov/reference-server/r4'],
    },
    {
      iss: SPEC3_ISS,
      jwks: { keys: [spec3Key.publicJwk] },
      fhirServers: ['https://fhir.spec3.example.org/r4'],
    },
  ],
};

let jti = 0;
async function tokenFor(client: ClientKey, aud: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  jti += 1;
  const key = 'kty' in client.privateKey ? await importJWK(client.privateKey, client.alg) : client.privateKey;
  return new SignJWT({
    iss: client.iss,
    aud,
    iat: now,
    exp: now + client.lifetime,
    jti: `fixture-${jti}-${now}`,
    ...(client.sub ? { sub: client.sub, nbf: now - 300 } : {}),
  })
    .setProtectedHeader({
      alg: client.alg,
      typ: 'JWT',
      kid: client.kid,
      ...(client.jku ? { jku: client.jku } : {}),
    })
    .sign(key);
}

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
  // N97.9 on the order: billing only, in Epic's alphanumeric topic code.
  {
    fixture: 'epic/order-select-hsg-cpt.json',
    client: 'epic',
    profile: 'epic',
    status: 200,
    expected: ['billingcodes'],
  },
  // Site procedure-record code only: recognised through code.text.
  {
    fixture: 'epic/order-select-hsg-eap-only.json',
    client: 'epic',
    profile: 'epic',
    status: 200,
    expected: ['billingcodes'],
  },
  // Outcome-only searchsets mean "no data", not "could not fetch": no screening-incomplete card.
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
    expected: ['billingcodes', 'indicationmissing'],
  },
  {
    fixture: 'oracle-health/order-select-codeset200.json',
    client: 'oracle',
    profile: 'oracle',
    status: 200,
    expected: ['billing-codes', 'indication-missing', 'pregnancy-test-needed'],
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
    expected: ['billing-codes', 'indication-missing', 'pregnancy-test-needed'],
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
