import { describe, expect, test } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { base64url, exportSPKI, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import request from 'supertest';
import {
  createClientAuthenticator,
  loadTrustConfig,
  requireClientAuth,
  getAuthenticatedClient,
  SANDBOX_ISS,
} from '../src/auth/index.js';
import { loadConfig } from '../src/config/config.js';
import { crdKeys, sandboxKey as readSandboxKey, signClientJwt } from './support/sign-jwt.js';

const sandboxKey = readSandboxKey();
const [crdEcPublic, , crdRsaPublic, crdRsaPrivate] = crdKeys() as [JWK, JWK, JWK, JWK];

const BASE = 'https://cds.example.org';
const SERVICE = '/cds-services/hsg-order-sign';
const CRD_ISS = 'https://crd-client.example.org';
const UNAUTHORIZED = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'login', diagnostics: 'Authentication required' }],
};

let jti = 0;
const nowS = () => Math.floor(Date.now() / 1000);

function claims(overrides: JWTPayload = {}): JWTPayload {
  jti += 1;
  return {
    iss: SANDBOX_ISS,
    aud: `${BASE}${SERVICE}`,
    iat: nowS(),
    exp: nowS() + 300,
    jti: `int-${jti}`,
    ...overrides,
  };
}

const sign = (options: Parameters<typeof signClientJwt>[1] = {}) =>
  signClientJwt(`${BASE}${SERVICE}`, { key: sandboxKey, ...options });

function buildApp(): Express {
  const config = loadConfig({
    CDS_TRUSTED_CLIENTS: 'clients.json',
    CDS_TRUST_SANDBOX: 'true',
    PUBLIC_BASE_URL: BASE,
  });
  const file = { clients: [{ iss: CRD_ISS, jwks: { keys: [crdEcPublic, crdRsaPublic] } }] };
  const trust = loadTrustConfig(config, () => JSON.stringify(file));
  const authenticator = createClientAuthenticator({
    trust,
    publicBaseUrl: config.publicBaseUrl,
    clockSkewSeconds: config.clockSkewSeconds,
  });
  const router = express.Router();
  router.options('/{*rest}', (_req, res) => {
    res.sendStatus(204);
  });
  router.use(requireClientAuth(authenticator));
  const echo = (_req: express.Request, res: express.Response) => {
    const client = getAuthenticatedClient(res);
    res.json({ iss: client?.iss, kid: client?.kid });
  };
  router.get('/', echo);
  router.post('/:id', echo);
  router.post('/:id/feedback', echo);
  const app = express();
  app.use('/cds-services', router);
  return app;
}

async function expectUnauthorized(authorization: string | undefined, path = SERVICE): Promise<void> {
  const call = request(buildApp()).post(path).send({});
  const response = await (authorization === undefined ? call : call.set('Authorization', authorization));
  expect(response.status).toBe(401);
  expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  expect(response.body).toEqual(UNAUTHORIZED);
}

describe('requireClientAuth over HTTP', () => {
  test('a valid sandbox ES384 token reaches the handler with the client in res.locals', async () => {
    const token = await sign({ header: { jku: 'https://sandbox.cds-hooks.org/.well-known/jwks.json' } });
    const response = await request(buildApp()).post(SERVICE).set('Authorization', `Bearer ${token}`).send({});
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ iss: SANDBOX_ISS, kid: sandboxKey.kid });
  });

  test('a valid RS384 token passes', async () => {
    const token = await sign({ key: crdRsaPrivate, alg: 'RS384', iss: CRD_ISS });
    const response = await request(buildApp()).post(SERVICE).set('Authorization', `Bearer ${token}`).send({});
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ iss: CRD_ISS, kid: crdRsaPrivate.kid });
  });

  test.each([
    ['discovery', 'get', '/cds-services', `${BASE}/cds-services`],
    ['feedback with the feedback URL', 'post', `${SERVICE}/feedback`, `${BASE}${SERVICE}/feedback`],
    ['feedback with the service URL', 'post', `${SERVICE}/feedback`, `${BASE}${SERVICE}`],
    ['a query string on the request', 'post', `${SERVICE}?trace=1`, `${BASE}${SERVICE}`],
  ] as const)('the mount path counts in aud: %s', async (_name, method, path, aud) => {
    const token = await sign({ claims: { aud } });
    const response = await request(buildApp())[method](path).set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
  });

  test('CORS preflight is not authenticated', async () => {
    const response = await request(buildApp()).options(SERVICE);
    expect(response.status).toBe(204);
  });

  test('with no trusted client configured (development) requests pass without a token', async () => {
    const trust = loadTrustConfig(loadConfig({}));
    const authenticator = createClientAuthenticator({ trust, publicBaseUrl: BASE, clockSkewSeconds: 60 });
    const app = express();
    app.use('/cds-services', requireClientAuth(authenticator), (_req, res) => {
      res.json({ client: getAuthenticatedClient(res) ?? null });
    });
    const response = await request(app).post(SERVICE).send({});
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ client: null });
  });

  test('a replayed token is refused the second time', async () => {
    const app = buildApp();
    const token = await sign();
    expect((await request(app).post(SERVICE).set('Authorization', `Bearer ${token}`).send({})).status).toBe(
      200,
    );
    const replay = await request(app).post(SERVICE).set('Authorization', `Bearer ${token}`).send({});
    expect(replay.status).toBe(401);
    expect(replay.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(replay.body).toEqual(UNAUTHORIZED);
  });
});

describe('every authentication failure is the same bare 401', () => {
  test.each<[string, () => Promise<string | undefined>]>([
    ['missing token', async () => undefined],
    ['expired', async () => `Bearer ${await sign({ claims: { iat: nowS() - 900, exp: nowS() - 600 } })}`],
    ['not yet valid', async () => `Bearer ${await sign({ claims: { nbf: nowS() + 600 } })}`],
    ['wrong aud', async () => `Bearer ${await sign({ claims: { aud: `${BASE}/cds-services/other` } })}`],
    ['unknown iss', async () => `Bearer ${await sign({ claims: { iss: 'https://unknown.example.org' } })}`],
    ['unknown kid', async () => `Bearer ${await sign({ header: { kid: 'nobody' }, iss: CRD_ISS })}`],
    ['missing kid', async () => `Bearer ${await sign({ header: { kid: undefined } })}`],
    ['wrong typ', async () => `Bearer ${await sign({ header: { typ: 'JOSE+JSON' } })}`],
    [
      'tampered signature',
      async () => {
        const [head, body, sig] = (await sign()).split('.') as [string, string, string];
        const i = Math.floor(sig.length / 2);
        return `Bearer ${head}.${body}.${sig.slice(0, i)}${sig[i] === 'A' ? 'B' : 'A'}${sig.slice(i + 1)}`;
      },
    ],
    [
      'alg none',
      async () => {
        const encode = (value: object) => base64url.encode(JSON.stringify(value));
        return `Bearer ${encode({ alg: 'none', typ: 'JWT', kid: sandboxKey.kid })}.${encode(claims())}.`;
      },
    ],
    [
      'HS256 signed with the public key as secret',
      async () => {
        const { d: _private, ...publicJwk } = sandboxKey;
        const secret = new TextEncoder().encode(
          await exportSPKI((await importJWK(publicJwk, 'ES384')) as CryptoKey),
        );
        const token = await new SignJWT(claims())
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: sandboxKey.kid })
          .sign(secret);
        return `Bearer ${token}`;
      },
    ],
  ])('%s', async (_name, buildAuthorization) => {
    await expectUnauthorized(await buildAuthorization());
  });

  test('a jku that is not allow-listed is refused and never fetched', async () => {
    let fetches = 0;
    const server = createServer((_req, res) => {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const jku = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      await expectUnauthorized(`Bearer ${await sign({ header: { jku, kid: 'attacker-key' } })}`);
      await expectUnauthorized(`Bearer ${await sign({ header: { jku }, iss: CRD_ISS })}`);
      expect(fetches).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
