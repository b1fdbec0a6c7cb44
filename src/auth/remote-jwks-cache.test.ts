import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { importJWK, type JWK, SignJWT } from 'jose';
import { projectRoot } from '../project-root.js';
import { AuthenticationError } from './authentication-error.js';
import { createClientAuthenticator, type ClientAuthenticator } from './client-authenticator.js';
import type { TrustConfig } from './trusted-client.js';

const crdKeys = (
  JSON.parse(
    readFileSync(join(projectRoot(), 'test/fixtures/davinci-crd-test-kit/crd_jwks.json'), 'utf8'),
  ) as {
    keys: JWK[];
  }
).keys;
const [ecPublic, ecPrivate, rsaPublic, rsaPrivate] = crdKeys as [JWK, JWK, JWK, JWK];

const ISS = 'https://jku-ehr.example.org';
const BASE = 'https://cds.example.org';
const PATH = '/cds-services/hsg-order-select';
const MINUTE = 60_000;

interface JwksServer {
  url: string;
  requests: () => number;
  /** Replaces the key set the server publishes (a key rotation). */
  publish: (keys: JWK[]) => void;
  /** From now on, requests are held unanswered (an endpoint that hangs). */
  hang: () => void;
  /** Requests held and still open. */
  held: () => number;
  stop: () => Promise<void>;
}

async function startJwksServer(initialKeys: JWK[]): Promise<JwksServer> {
  let keys = initialKeys;
  let requests = 0;
  let hanging = false;
  let held = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    if (hanging) {
      held += 1;
      req.socket.once('close', () => (held -= 1));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    requests: () => requests,
    publish: (next) => {
      keys = next;
    },
    hang: () => {
      hanging = true;
    },
    held: () => held,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

let jti = 0;
async function sign(key: JWK, alg: string, nowMs: number, jku?: string): Promise<string> {
  jti += 1;
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ iss: ISS, aud: `${BASE}${PATH}`, iat, exp: iat + 300, jti: `jku-${jti}` })
    .setProtectedHeader({ alg, typ: 'JWT', kid: key.kid, ...(jku ? { jku } : {}) })
    .sign(await importJWK(key, alg));
}

async function accepts(auth: ClientAuthenticator, token: string): Promise<boolean> {
  try {
    await auth.authenticate({ authorization: `Bearer ${token}`, path: PATH });
    return true;
  } catch (error) {
    if (error instanceof AuthenticationError) return false;
    throw error;
  }
}

describe('keys from an allow-listed jku', () => {
  let server: JwksServer;
  let nowMs: number;
  let auth: ClientAuthenticator;

  beforeEach(async () => {
    server = await startJwksServer([ecPublic]);
    nowMs = Date.UTC(2026, 0, 15, 12);
    const trust: TrustConfig = {
      clients: [{ iss: ISS, jku: server.url, allowHttpFhir: false, anyFhirServer: false, source: 'file' }],
      authEnabled: true,
      warning: undefined,
    };
    auth = createClientAuthenticator({ trust, publicBaseUrl: BASE, clockSkewSeconds: 60, now: () => nowMs });
  });

  afterEach(async () => {
    await server.stop().catch(() => undefined);
  });

  test('are fetched once and then served from the cache', async () => {
    expect(await accepts(auth, await sign(ecPrivate, 'ES384', nowMs, server.url))).toBe(true);
    expect(await accepts(auth, await sign(ecPrivate, 'ES384', nowMs))).toBe(true);
    expect(await accepts(auth, await sign(ecPrivate, 'ES384', nowMs))).toBe(true);
    expect(server.requests()).toBe(1);
  });

  test('an unknown kid refetches once per interval, which picks up a rotated key', async () => {
    await accepts(auth, await sign(ecPrivate, 'ES384', nowMs));
    expect(await accepts(auth, await sign(rsaPrivate, 'RS384', nowMs))).toBe(false);
    expect(await accepts(auth, await sign(rsaPrivate, 'RS384', nowMs))).toBe(false);
    expect(server.requests()).toBe(1);

    server.publish([ecPublic, rsaPublic]);
    nowMs += 2 * MINUTE;
    expect(await accepts(auth, await sign(rsaPrivate, 'RS384', nowMs))).toBe(true);
    expect(await accepts(auth, await sign(rsaPrivate, 'RS384', nowMs))).toBe(true);
    expect(server.requests()).toBe(2);
  });

  test('forged kids within one interval cause no further fetches', async () => {
    await accepts(auth, await sign(ecPrivate, 'ES384', nowMs));
    nowMs += 2 * MINUTE;
    for (let i = 0; i < 5; i += 1) {
      const forged = { ...rsaPrivate, kid: `forged-${i}` };
      expect(await accepts(auth, await sign(forged, 'RS384', nowMs))).toBe(false);
    }
    expect(server.requests()).toBe(2);
  });

  test('the last good key set keeps verifying after the endpoint goes down', async () => {
    expect(await accepts(auth, await sign(ecPrivate, 'ES384', nowMs))).toBe(true);
    await server.stop();
    nowMs += 2 * 60 * MINUTE; // past the cache age: the refresh fails and the old set stays in use
    expect(await accepts(auth, await sign(ecPrivate, 'ES384', nowMs))).toBe(true);
    expect(await accepts(auth, await sign(rsaPrivate, 'RS384', nowMs))).toBe(false);
    expect(server.requests()).toBe(1);
  });

  test('a refresh of a stale set does not hold up tokens whose key the set already has', async () => {
    expect(await accepts(auth, await sign(ecPrivate, 'ES384', nowMs))).toBe(true);
    server.hang();
    nowMs += 2 * 60 * MINUTE; // past the cache age: a refresh starts and the endpoint never answers
    expect(await accepts(auth, await sign(ecPrivate, 'ES384', nowMs))).toBe(true);
    // Answered from the cached set; the refresh it started is still waiting on the endpoint.
    while (server.requests() < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(server.held()).toBe(1);
  });

  test('a token naming another jku is refused and that URL is never fetched', async () => {
    const other = await startJwksServer([ecPublic]);
    try {
      expect(await accepts(auth, await sign(ecPrivate, 'ES384', nowMs, other.url))).toBe(false);
      expect(other.requests()).toBe(0);
      expect(server.requests()).toBe(0);
    } finally {
      await other.stop();
    }
  });
});
