import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, type JWK, SignJWT } from 'jose';
import { startMisbehavingServer, type MisbehavingServer } from '../../test/support/misbehaving-server.js';
import { projectRoot } from '../project-root.js';
import { AuthenticationError } from './authentication-error.js';
import { createClientAuthenticator } from './client-authenticator.js';
import { fetchJwksOverHttp, MAX_JWKS_BYTES } from './fetch-jwks.js';

/**
 * The `jku` fetch, against real loopback servers: an allow-listed key URL that redirects, streams
 * without end or stalls must not make the service fetch elsewhere, buffer without bound or wait
 * without end.
 */

const [ecPublic, ecPrivate] = (
  JSON.parse(
    readFileSync(join(projectRoot(), 'test/fixtures/davinci-crd-test-kit/crd_jwks.json'), 'utf8'),
  ) as {
    keys: JWK[];
  }
).keys as [JWK, JWK];

let jku: MisbehavingServer;
/** Where a redirect points: it publishes the right key, so following the redirect would verify the token. */
let target: MisbehavingServer;
beforeAll(async () => {
  jku = await startMisbehavingServer({ kind: 'json', body: { keys: [] } });
  target = await startMisbehavingServer({ kind: 'json', body: { keys: [ecPublic] } });
});
afterAll(async () => {
  await jku.close();
  await target.close();
});

describe('fetchJwksOverHttp', () => {
  it('fetches a key set', async () => {
    jku.behave({ kind: 'json', body: { keys: [ecPublic] } });
    await expect(fetchJwksOverHttp(jku.url)).resolves.toEqual({ keys: [ecPublic] });
  });

  it.each([302, 307, 308])('refuses a %i redirect; the redirect target sees no request', async (status) => {
    jku.behave({ kind: 'redirect', status, location: target.url });
    const before = target.requests;
    await expect(fetchJwksOverHttp(jku.url)).rejects.toThrow();
    expect(target.requests).toBe(before);
  });

  it('cuts off a key set that streams without end, just past its size cap', async () => {
    jku.behave({ kind: 'endless', bytes: 200 * 1024 * 1024 });
    const streamsBefore = jku.streams.length;
    await expect(fetchJwksOverHttp(jku.url)).rejects.toThrow(/bytes/);
    while (jku.streams.length === streamsBefore) await new Promise((resolve) => setTimeout(resolve, 5));
    const report = jku.streams.at(-1);
    expect(report?.complete).toBe(false);
    expect(report?.bytes).toBeLessThan(MAX_JWKS_BYTES + 16 * 1024 * 1024);
  });

  it('gives up on an endpoint that stalls mid-body after its timeout', async () => {
    jku.behave({ kind: 'stalls' });
    const cutBefore = jku.cutOff;
    await expect(fetchJwksOverHttp(jku.url, 200)).rejects.toThrow();
    while (jku.cutOff === cutBefore) await new Promise((resolve) => setTimeout(resolve, 5));
  });

  it('refuses a jku that is not http(s)', async () => {
    await expect(fetchJwksOverHttp('file:///etc/passwd')).rejects.toThrow(/http/);
  });
});

describe('a trusted client whose allow-listed jku redirects', () => {
  const iss = 'https://redirecting-ehr.example.org';
  const authenticator = () =>
    createClientAuthenticator({
      trust: {
        clients: [{ iss, jku: jku.url, allowHttpFhir: false, anyFhirServer: false, source: 'file' }],
        authEnabled: true,
        warning: undefined,
      },
      publicBaseUrl: 'https://cds.example.org',
      clockSkewSeconds: 60,
    });
  let jti = 0;
  async function verifies(auth: ReturnType<typeof authenticator>): Promise<boolean> {
    const iat = Math.floor(Date.now() / 1000);
    const claims = {
      iss,
      aud: 'https://cds.example.org/cds-services',
      iat,
      exp: iat + 300,
      jti: `r-${++jti}`,
    };
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: ecPrivate.kid, jku: jku.url })
      .sign(await importJWK(ecPrivate, 'ES384'));
    try {
      await auth.authenticate({ authorization: `Bearer ${token}`, path: '/cds-services' });
      return true;
    } catch (error) {
      if (error instanceof AuthenticationError) return false;
      throw error;
    }
  }

  it('control: the same token verifies when the jku itself serves the key', async () => {
    jku.behave({ kind: 'json', body: { keys: [ecPublic] } });
    expect(await verifies(authenticator())).toBe(true);
  });

  it('has its token refused, and the redirect target is never asked for keys', async () => {
    jku.behave({ kind: 'redirect', status: 302, location: target.url });
    const before = { jku: jku.requests, target: target.requests };
    expect(await verifies(authenticator())).toBe(false);
    expect(jku.requests).toBe(before.jku + 1);
    expect(target.requests).toBe(before.target);
  });
});
