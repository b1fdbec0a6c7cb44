import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { base64url, exportSPKI, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { loadConfig } from '../config/config.js';
import { projectRoot } from '../project-root.js';
import { AuthenticationError } from './authentication-error.js';
import { createClientAuthenticator, type ClientAuthenticator } from './client-authenticator.js';
import { loadTrustConfig } from './load-trust-config.js';
import { SANDBOX_ISS, SANDBOX_JKU } from './sandbox-client.js';

const FIXTURES = join(projectRoot(), 'test', 'fixtures');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
const sandboxKey = (readJson('cds-hooks-sandbox/jwk-keypair.json') as { keys: JWK[] }).keys[0] as JWK;
const infernoKeys = (readJson('davinci-crd-test-kit/crd_jwks.json') as { keys: JWK[] }).keys;
const [infernoEcPublic, infernoEcPrivate, infernoRsaPublic, infernoRsaPrivate] = infernoKeys as [
  JWK,
  JWK,
  JWK,
  JWK,
];
const vector = readJson('hl7-cds-hooks-spec/jwt-test-vector.json') as {
  token: string;
  payload: { iss: string; exp: number; iat: number; jti: string; tenant: string };
  jwks_public: { keys: JWK[] };
  header: { jku: string };
};

const BASE = 'https://cds.example.org';
const SERVICE_PATH = '/cds-services/hsg-order-sign';
const NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0);
const NOW_S = NOW_MS / 1000;
const INFERNO_ISS = 'https://inferno.example.org/crd-client';

const clientsFile = {
  clients: [
    {
      iss: INFERNO_ISS,
      jwks: { keys: [infernoEcPublic, infernoRsaPublic] },
      audiences: ['https://gateway.example.org/hsg/cds-services/hsg-order-sign'],
      fhirServers: ['https://ehr.example.org/fhir/R4'],
    },
    { iss: 'https://tenant-ehr.example.org', jwks: { keys: [infernoEcPublic] }, tenants: ['t1', 't2'] },
    { iss: 'https://short-ehr.example.org', jwks: { keys: [infernoEcPublic] }, maxTokenLifetimeSeconds: 300 },
    {
      iss: vector.payload.iss,
      jwks: vector.jwks_public,
      jku: vector.header.jku,
      tenants: [vector.payload.tenant],
    },
  ],
};

function buildAuthenticator(logs: object[] = []): ClientAuthenticator {
  const config = loadConfig({
    CDS_TRUSTED_CLIENTS: 'clients.json',
    CDS_TRUST_SANDBOX: 'true',
    PUBLIC_BASE_URL: BASE,
  });
  const trust = loadTrustConfig(config, () => JSON.stringify(clientsFile));
  return createClientAuthenticator({
    trust,
    publicBaseUrl: config.publicBaseUrl,
    clockSkewSeconds: 60,
    now: () => NOW_MS,
    fetchJwks: () => Promise.reject(new Error('no network in unit tests')),
    logger: { debug: (obj) => logs.push(obj) },
  });
}

let jtiCounter = 0;
interface TokenOptions {
  key?: JWK;
  alg?: string;
  header?: Record<string, unknown>;
  claims?: JWTPayload;
}

async function signToken(options: TokenOptions = {}): Promise<string> {
  const key = options.key ?? sandboxKey;
  const alg = options.alg ?? 'ES384';
  jtiCounter += 1;
  const claims: JWTPayload = {
    iss: SANDBOX_ISS,
    aud: `${BASE}${SERVICE_PATH}`,
    iat: NOW_S,
    exp: NOW_S + 300,
    jti: `jti-${jtiCounter}`,
    ...options.claims,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT', kid: key.kid, ...options.header })
    .sign(await importJWK(key, alg));
}

async function reasonFor(
  auth: ClientAuthenticator,
  token: string | undefined,
  path = SERVICE_PATH,
): Promise<string> {
  try {
    await auth.authenticate({ authorization: token === undefined ? undefined : `Bearer ${token}`, path });
  } catch (error) {
    if (error instanceof AuthenticationError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('createClientAuthenticator: accepted tokens', () => {
  test('a sandbox ES384 token with the sandbox jku header is accepted', async () => {
    const auth = buildAuthenticator();
    const token = await signToken({ header: { jku: SANDBOX_JKU } });
    const result = await auth.authenticate({ authorization: `Bearer ${token}`, path: SERVICE_PATH });
    expect(result).toMatchObject({
      iss: SANDBOX_ISS,
      kid: sandboxKey.kid,
      jti: expect.stringMatching(/^jti-/),
    });
    expect(result.client.source).toBe('sandbox');
    expect(auth.enabled).toBe(true);
  });

  test('Inferno RS384 and ES384 tokens pick their key by kid', async () => {
    const auth = buildAuthenticator();
    for (const [key, alg] of [
      [infernoRsaPrivate, 'RS384'],
      [infernoEcPrivate, 'ES384'],
    ] as const) {
      const token = await signToken({ key, alg, claims: { iss: INFERNO_ISS } });
      expect(await reasonFor(auth, token)).toBe('accepted');
    }
  });

  test('an Epic-style 15-minute token with nbf and sub is accepted (no fixed lifetime cap)', async () => {
    const claims = { iss: INFERNO_ISS, exp: NOW_S + 900, nbf: NOW_S - 300, sub: 'epic-client-id' };
    const token = await signToken({ key: infernoRsaPrivate, alg: 'RS384', claims });
    expect(await reasonFor(buildAuthenticator(), token)).toBe('accepted');
  });

  test('the spec JWT test vector verifies under a frozen clock', async () => {
    const auth = createClientAuthenticator({
      trust: loadTrustConfig(loadConfig({ CDS_TRUSTED_CLIENTS: 'c.json' }), () =>
        JSON.stringify(clientsFile),
      ),
      publicBaseUrl: 'https://cds.example.org',
      clockSkewSeconds: 0,
      now: () => (vector.payload.exp - 60) * 1000,
      fetchJwks: () => Promise.reject(new Error('must not fetch')),
    });
    const result = await auth.authenticate({
      authorization: `Bearer ${vector.token}`,
      path: '/cds-services/some-service',
    });
    expect(result).toMatchObject({
      iss: vector.payload.iss,
      jti: vector.payload.jti,
      tenant: vector.payload.tenant,
    });
  });
});

describe('createClientAuthenticator: aud', () => {
  test.each([
    ['service URL for a service call', SERVICE_PATH, `${BASE}${SERVICE_PATH}`, 'accepted'],
    ['discovery URL for discovery', '/cds-services', `${BASE}/cds-services`, 'accepted'],
    ['feedback URL for feedback', `${SERVICE_PATH}/feedback`, `${BASE}${SERVICE_PATH}/feedback`, 'accepted'],
    ['service URL for feedback (F-12)', `${SERVICE_PATH}/feedback`, `${BASE}${SERVICE_PATH}`, 'accepted'],
    [
      'feedback URL for a service call',
      SERVICE_PATH,
      `${BASE}${SERVICE_PATH}/feedback`,
      'aud does not match the endpoint',
    ],
    ['trailing slash and host case', SERVICE_PATH, `https://CDS.example.org${SERVICE_PATH}/`, 'accepted'],
    ['another service', SERVICE_PATH, `${BASE}/cds-services/other`, 'aud does not match the endpoint'],
    [
      'another host',
      SERVICE_PATH,
      `https://evil.example.org${SERVICE_PATH}`,
      'aud does not match the endpoint',
    ],
  ])('%s', async (_name, path, aud, expected) => {
    expect(await reasonFor(buildAuthenticator(), await signToken({ claims: { aud } }), path)).toBe(expected);
  });

  test('an aud array passes when one entry is the endpoint', async () => {
    const token = await signToken({
      claims: { aud: ['https://other.example.org', `${BASE}${SERVICE_PATH}`] },
    });
    expect(await reasonFor(buildAuthenticator(), token)).toBe('accepted');
  });

  test("a client's extra audiences are accepted for that client only", async () => {
    const aud = 'https://gateway.example.org/hsg/cds-services/hsg-order-sign';
    const auth = buildAuthenticator();
    const inferno = await signToken({ key: infernoEcPrivate, claims: { iss: INFERNO_ISS, aud } });
    expect(await reasonFor(auth, inferno)).toBe('accepted');
    expect(await reasonFor(auth, await signToken({ claims: { aud } }))).toBe(
      'aud does not match the endpoint',
    );
  });
});

describe('createClientAuthenticator: refused tokens', () => {
  test.each<[string, TokenOptions, string]>([
    ['expired beyond the skew', { claims: { iat: NOW_S - 600, exp: NOW_S - 61 } }, 'token expired'],
    ['not yet valid (nbf)', { claims: { nbf: NOW_S + 120 } }, 'claim nbf invalid (check_failed)'],
    ['issued in the future', { claims: { iat: NOW_S + 120, exp: NOW_S + 400 } }, 'iat in the future'],
    ['unknown iss', { claims: { iss: 'https://unknown.example.org' } }, 'unknown iss'],
    ['unknown kid', { header: { kid: 'not-a-known-kid' } }, 'unknown kid'],
    ['missing kid', { header: { kid: undefined } }, 'kid missing'],
    ['wrong typ', { header: { typ: 'at+jwt' } }, 'typ is not JWT'],
    ['missing jti', { claims: { jti: undefined } }, 'claim jti invalid (missing)'],
    ['missing iat', { claims: { iat: undefined } }, 'claim iat invalid (missing)'],
    [
      'foreign jku and a kid that no pinned key has',
      { header: { jku: 'https://evil.example.org/jwks.json', kid: 'not-pinned' } },
      'jku not allow-listed for this iss',
    ],
  ])('%s', async (_name, options, reason) => {
    expect(await reasonFor(buildAuthenticator(), await signToken(options))).toBe(reason);
  });

  test('expired within the clock skew is still accepted', async () => {
    const token = await signToken({ claims: { iat: NOW_S - 600, exp: NOW_S - 30 } });
    expect(await reasonFor(buildAuthenticator(), token)).toBe('accepted');
  });

  test('a tampered signature is refused', async () => {
    const [head, body, signature] = (await signToken()).split('.') as [string, string, string];
    const middle = Math.floor(signature.length / 2);
    const flipped = signature[middle] === 'A' ? 'B' : 'A';
    const tampered = `${head}.${body}.${signature.slice(0, middle)}${flipped}${signature.slice(middle + 1)}`;
    expect(await reasonFor(buildAuthenticator(), tampered)).toBe(
      'verification failed (ERR_JWS_SIGNATURE_VERIFICATION_FAILED)',
    );
  });

  test('alg none is refused', async () => {
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    const header = encode({ alg: 'none', typ: 'JWT', kid: sandboxKey.kid });
    const body = encode({
      iss: SANDBOX_ISS,
      aud: `${BASE}${SERVICE_PATH}`,
      iat: NOW_S,
      exp: NOW_S + 300,
      jti: 'x',
    });
    expect(await reasonFor(buildAuthenticator(), `${header}.${body}.`)).toBe('alg none not allowed');
  });

  test('HS256 signed with the public key as the secret is refused', async () => {
    const { d: _private, ...publicJwk } = sandboxKey;
    const pem = await exportSPKI((await importJWK(publicJwk, 'ES384')) as CryptoKey);
    const token = await new SignJWT({
      iss: SANDBOX_ISS,
      aud: `${BASE}${SERVICE_PATH}`,
      iat: NOW_S,
      exp: NOW_S + 300,
      jti: 'h',
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: sandboxKey.kid })
      .sign(new TextEncoder().encode(pem));
    expect(await reasonFor(buildAuthenticator(), token)).toBe('alg HS256 not allowed');
  });

  test('a replayed jti is refused; the same jti from another issuer is not a replay', async () => {
    const auth = buildAuthenticator();
    const token = await signToken({ claims: { jti: 'once' } });
    expect(await reasonFor(auth, token)).toBe('accepted');
    expect(await reasonFor(auth, token)).toBe('jti replayed');
    const other = await signToken({ key: infernoEcPrivate, claims: { iss: INFERNO_ISS, jti: 'once' } });
    expect(await reasonFor(auth, other)).toBe('accepted');
  });

  test.each([
    ['no header', undefined],
    ['empty header', ''],
    ['Basic credentials', 'Basic dXNlcjpwYXNz'],
    ['not a JWT', 'Bearer not-a-jwt'],
  ])('%s is refused', async (_name, authorization) => {
    await expect(
      buildAuthenticator().authenticate({ authorization, path: SERVICE_PATH }),
    ).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe('createClientAuthenticator: per-client rules', () => {
  const tenantToken = (tenant: string | undefined) =>
    signToken({ key: infernoEcPrivate, claims: { iss: 'https://tenant-ehr.example.org', tenant } });

  test('a configured tenant list admits listed tenants only', async () => {
    const auth = buildAuthenticator();
    expect(await reasonFor(auth, await tenantToken('t2'))).toBe('accepted');
    expect(await reasonFor(auth, await tenantToken('t9'))).toBe('tenant not allowed');
    expect(await reasonFor(auth, await tenantToken(undefined))).toBe('tenant not allowed');
  });

  test('maxTokenLifetimeSeconds is enforced only where configured', async () => {
    const auth = buildAuthenticator();
    const claims = { iss: 'https://short-ehr.example.org', exp: NOW_S + 900 };
    expect(await reasonFor(auth, await signToken({ key: infernoEcPrivate, claims }))).toBe(
      'token lifetime exceeds maxTokenLifetimeSeconds',
    );
    const ok = await signToken({ key: infernoEcPrivate, claims: { ...claims, exp: NOW_S + 300 } });
    expect(await reasonFor(auth, ok)).toBe('accepted');
  });
});

describe('createClientAuthenticator: logging', () => {
  test('failures are logged at debug with the reason and never the token', async () => {
    const logs: object[] = [];
    const auth = buildAuthenticator(logs);
    const token = await signToken({ claims: { aud: 'https://wrong.example.org' } });
    await expect(auth.authenticate({ authorization: `Bearer ${token}`, path: SERVICE_PATH })).rejects.toThrow(
      'Authentication required',
    );
    expect(logs).toEqual([
      {
        reason: 'aud does not match the endpoint',
        path: SERVICE_PATH,
        iss: SANDBOX_ISS,
        kid: sandboxKey.kid,
      },
    ]);
    const logged = JSON.stringify(logs);
    for (const part of token.split('.')) expect(logged).not.toContain(part);
  });
});
