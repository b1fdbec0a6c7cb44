import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_ISS, SANDBOX_JKU } from '../src/auth/sandbox-client.js';
import { loadConfig } from '../src/config/config.js';
import { SCHEMA_DIR } from '../src/protocol/schemas.js';
import { startServer, type RunningServer } from '../src/server.js';
import { signClientJwt } from './support/sign-jwt.js';

/**
 * Development without PUBLIC_BASE_URL: a local client (the sandbox built locally, a script) may sign
 * `aud` with localhost, 127.0.0.1 or [::1] on the service's port. Everywhere else the check is exact.
 */
const SERVICE = '/cds-services/hsg-patient-view';
const BODY = JSON.stringify({
  hook: 'patient-view',
  hookInstance: '1b7e8a5c-3c55-4a3e-9c64-0d2b2f7f6b1a',
  context: { patientId: 'p1', userId: 'Practitioner/dr-1' },
  prefetch: { pendingOrders: { resourceType: 'Bundle', type: 'searchset', entry: [] } },
});
const BASE_ENV = { PORT: '0', HOST: '127.0.0.1', FEEDBACK_DB: ':memory:', LOG_LEVEL: 'silent' } as const;

const portOf = (running: RunningServer) => (running.server.address() as AddressInfo).port;

async function callWithAud(running: RunningServer, aud: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${portOf(running)}${SERVICE}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await signClientJwt(aud)}` },
    body: BODY,
  });
  await res.arrayBuffer();
  return res.status;
}

describe('development without PUBLIC_BASE_URL', () => {
  let running: RunningServer;
  beforeAll(async () => {
    running = await startServer(
      loadConfig({ ...BASE_ENV, NODE_ENV: 'development', CDS_TRUST_SANDBOX: 'true' }),
    );
  });
  afterAll(() => running.stop());

  it('accepts the endpoint through localhost, 127.0.0.1 and [::1] on the service port', async () => {
    const port = portOf(running);
    const statuses = [];
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'LOCALHOST'])
      statuses.push(await callWithAud(running, `http://${host}:${port}${SERVICE}`));
    expect(statuses).toEqual([200, 200, 200, 200]);
  });

  it('still refuses another port, another host, another endpoint and https', async () => {
    const port = portOf(running);
    const statuses = [
      await callWithAud(running, `http://127.0.0.1:${port + 1}${SERVICE}`),
      await callWithAud(running, `http://192.168.1.10:${port}${SERVICE}`),
      await callWithAud(running, `http://evil.example:${port}${SERVICE}`),
      await callWithAud(running, `http://127.0.0.1:${port}/cds-services/hsg-order-sign`),
      await callWithAud(running, `https://127.0.0.1:${port}${SERVICE}`),
    ];
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
  });
});

describe('with PUBLIC_BASE_URL set, or in production, aud must match exactly', () => {
  let withBase: RunningServer;
  let production: RunningServer;
  const dir = mkdtempSync(join(tmpdir(), 'hsg-aud-'));
  beforeAll(async () => {
    withBase = await startServer(
      loadConfig({
        ...BASE_ENV,
        NODE_ENV: 'development',
        CDS_TRUST_SANDBOX: 'true',
        PUBLIC_BASE_URL: 'http://localhost:3999',
      }),
    );
    // Production refuses CDS_TRUST_SANDBOX: the sandbox's public key is configured as a trusted client.
    const clients = join(dir, 'trusted-clients.json');
    const jwks = JSON.parse(readFileSync(join(SCHEMA_DIR, 'sandbox-jwks.json'), 'utf8')) as unknown;
    writeFileSync(clients, JSON.stringify({ clients: [{ iss: SANDBOX_ISS, jwks, jku: SANDBOX_JKU }] }));
    production = await startServer(
      loadConfig({
        ...BASE_ENV,
        NODE_ENV: 'production',
        CDS_TRUSTED_CLIENTS: clients,
        KNOWLEDGE_ALLOW_DRAFT: 'true',
      }),
    );
  });
  afterAll(async () => {
    await withBase.stop();
    await production.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('development with PUBLIC_BASE_URL: only that URL', async () => {
    const port = portOf(withBase);
    expect(await callWithAud(withBase, `http://localhost:3999${SERVICE}`)).toBe(200);
    expect(await callWithAud(withBase, `http://127.0.0.1:${port}${SERVICE}`)).toBe(401);
    expect(await callWithAud(withBase, `http://localhost:${port}${SERVICE}`)).toBe(401);
  });

  it('production: no loopback names, even without PUBLIC_BASE_URL', async () => {
    const port = portOf(production);
    expect(loadConfig({ NODE_ENV: 'production' }).loopbackAudiences).toBe(false);
    // The same token is good when it names the configured base URL (the default, with PORT=0).
    expect(await callWithAud(production, `http://localhost:0${SERVICE}`)).toBe(200);
    for (const host of ['localhost', '127.0.0.1', '[::1]'])
      expect(await callWithAud(production, `http://${host}:${port}${SERVICE}`)).toBe(401);
  });
});
