import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { loadConfig } from '../src/config/config.js';
import { StartupError } from '../src/errors.js';
import { createLogger } from '../src/observability/logger.js';
import { createHookCallLogger } from '../src/observability/log-hook-calls.js';
import { startServer } from '../src/server.js';
import { createTestApp } from './support/create-test-app.js';
import { expectOperationOutcome, fullPrefetch, hookRequest, hsgOrder } from './support/cds-requests.js';
import { crdKeys, signClientJwt } from './support/sign-jwt.js';

const BASE = 'https://cds.example.org';
const SIGN = '/cds-services/hsg-order-sign';

describe('trusted clients on the full app', () => {
  const { app } = createTestApp({ env: { CDS_TRUST_SANDBOX: 'true', PUBLIC_BASE_URL: BASE } });

  it('the public sandbox token (ES384, as the sandbox signs it) opens discovery, hooks and feedback', async () => {
    const discovery = await request(app)
      .get('/cds-services')
      .set('Authorization', `Bearer ${await signClientJwt(`${BASE}/cds-services`)}`);
    expect(discovery.status).toBe(200);
    const hook = await request(app)
      .post(SIGN)
      .set('Authorization', `Bearer ${await signClientJwt(`${BASE}${SIGN}`)}`)
      .send(hookRequest('order-sign', [hsgOrder()]));
    expect(hook.status).toBe(200);
    const feedback = await request(app)
      .post(`${SIGN}/feedback`)
      .set('Authorization', `Bearer ${await signClientJwt(`${BASE}${SIGN}/feedback`)}`)
      .send({
        card: hook.body.cards[0].uuid,
        outcome: 'overridden',
        outcomeTimestamp: '2026-11-28T10:00:00Z',
      });
    expect(feedback.status).toBe(200);
  });

  it('no token, or a token for another endpoint → 401 with no detail', async () => {
    const none = await request(app).get('/cds-services');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const wrongAud = await request(app)
      .post(SIGN)
      .set('Authorization', `Bearer ${await signClientJwt(`${BASE}/cds-services/other`)}`)
      .send({});
    expect(wrongAud.status).toBe(401);
    expect(JSON.stringify(wrongAud.body)).not.toMatch(/aud|audience/i);
  });

  it('a replayed token → 401', async () => {
    const token = await signClientJwt(`${BASE}/cds-services`);
    expect((await request(app).get('/cds-services').set('Authorization', `Bearer ${token}`)).status).toBe(
      200,
    );
    expect((await request(app).get('/cds-services').set('Authorization', `Bearer ${token}`)).status).toBe(
      401,
    );
  });

  it('CORS preflight needs no token', async () => {
    const res = await request(app)
      .options(SIGN)
      .set('Origin', 'https://sandbox.cds-hooks.org')
      .set('Access-Control-Request-Method', 'POST');
    expect(res.status).toBe(204);
  });
});

describe('fhirServer allow-list (SSRF)', () => {
  let dir: string;
  let internal: Server;
  let internalUrl: string;
  let internalRequests = 0;
  const CRD_ISS = 'https://ehr.example.org';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hsg-trust-'));
    internal = createServer((_req, res) => {
      internalRequests++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}/fhir`;
    const [ecPublic] = crdKeys();
    writeFileSync(
      join(dir, 'clients.json'),
      JSON.stringify({
        clients: [
          { iss: CRD_ISS, jwks: { keys: [ecPublic] }, fhirServers: ['https://ehr.example.org/fhir/R4'] },
        ],
      }),
    );
  });
  afterAll(async () => {
    await new Promise((resolve) => internal.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['an internal address', () => internalUrl],
    ['a lookalike path', () => 'https://ehr.example.org/fhir/R4evil'],
    ['a file: URL', () => 'file:///etc/passwd'],
  ])('a trusted client sending %s as fhirServer → 403, and nothing is fetched', async (_name, url) => {
    const { app } = createTestApp({
      env: { CDS_TRUSTED_CLIENTS: join(dir, 'clients.json'), PUBLIC_BASE_URL: BASE },
    });
    const [, ecPrivate] = crdKeys();
    const token = await signClientJwt(`${BASE}${SIGN}`, { key: ecPrivate, iss: CRD_ISS });
    const body = { ...hookRequest('order-sign', [hsgOrder()], { prefetch: null }), fhirServer: url() };
    const res = await request(app).post(SIGN).set('Authorization', `Bearer ${token}`).send(body);
    expect(res.status).toBe(403);
    expectOperationOutcome(res.body);
    expect(res.body.issue[0].expression).toEqual(['fhirServer']);
    expect(internalRequests).toBe(0);
  });
});

describe('secrets and patient data stay out of the logs', () => {
  it('a full hook call with a token, an access token and a named patient leaves no trace of them', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger('trace', sink);
    const { app } = createTestApp({
      env: { CDS_TRUST_SANDBOX: 'true', PUBLIC_BASE_URL: BASE },
      logger,
      observers: [createHookCallLogger(logger)],
    });
    const token = await signClientJwt(`${BASE}${SIGN}`);
    const patient = {
      resourceType: 'Patient' as const,
      id: 'p1',
      name: [{ family: 'Quixotic', given: ['Zelda'] }],
      birthDate: '1991-07-13',
      identifier: [{ value: 'MRN-99881' }],
    };
    const body = {
      ...hookRequest('order-sign', [hsgOrder()], { prefetch: fullPrefetch('p1', { patient }) }),
      fhirServer: 'https://ehr.example.org/fhir',
      fhirAuthorization: {
        access_token: 'opaque-access-token-123',
        token_type: 'Bearer',
        expires_in: 30,
        scope: 'patient/*.read',
        subject: 'hsg-cds',
        patient: 'p1',
      },
    };
    expect((await request(app).post(SIGN).set('Authorization', `Bearer ${token}`).send(body)).status).toBe(
      200,
    );
    await request(app).post(SIGN).set('Authorization', 'Bearer not-a-valid-token').send(body);
    const log = lines.join('\n');
    expect(lines.some((l) => JSON.parse(l).msg === 'hook call')).toBe(true);
    for (const secret of [
      token,
      'not-a-valid-token',
      'opaque-access-token-123',
      'Quixotic',
      'Zelda',
      '1991-07-13',
      'MRN-99881',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});

describe('production start-up', () => {
  it('refuses to run without a trusted-clients file', async () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      KNOWLEDGE_ALLOW_DRAFT: 'true',
      PORT: '0',
      FEEDBACK_DB: ':memory:',
      LOG_LEVEL: 'silent',
    });
    await expect(startServer(config)).rejects.toThrow(StartupError);
    await expect(startServer(config)).rejects.toThrow(/CDS_TRUSTED_CLIENTS/);
  });

  it('refuses the public sandbox key', async () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      KNOWLEDGE_ALLOW_DRAFT: 'true',
      CDS_TRUST_SANDBOX: 'true',
      CDS_TRUSTED_CLIENTS: '/nonexistent.json',
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    await expect(startServer(config)).rejects.toThrow(StartupError);
  });
});
