import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { sandboxKey } from '../../test/support/sign-jwt.js';
import { SANDBOX_ISS, SANDBOX_JKU, SANDBOX_JWKS_FILE } from '../auth/sandbox-client.js';
import { StartupError } from '../errors.js';
import { createSandboxTokenSigner, readSandboxSigningKey } from './sandbox-token-signer.js';

const dir = mkdtempSync(join(tmpdir(), 'hsg-sandbox-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createSandboxTokenSigner', () => {
  test('signs as the sandbox does: ES384 with kid and jku, aud = public URL of the path, 5 minutes, fresh jti', async () => {
    const now = new Date('2026-12-01T09:00:00Z');
    const sign = createSandboxTokenSigner({
      publicBaseUrl: 'https://cds.example.org/hsg/',
      key: sandboxKey(),
      now: () => now,
    });
    const token = await sign('/cds-services/hsg-order-select');
    // Verified with the published public key set the service itself trusts.
    const jwks = JSON.parse(readFileSync(SANDBOX_JWKS_FILE, 'utf8')) as JSONWebKeySet;
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { currentDate: now });
    expect(payload).toMatchObject({
      iss: SANDBOX_ISS,
      aud: 'https://cds.example.org/hsg/cds-services/hsg-order-select',
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 300,
    });
    expect(decodeProtectedHeader(token)).toMatchObject({
      alg: 'ES384',
      typ: 'JWT',
      jku: SANDBOX_JKU,
      kid: sandboxKey().kid,
    });
    const second = await jwtVerify(await sign('/cds-services/hsg-order-select'), createLocalJWKSet(jwks), {
      currentDate: now,
    });
    expect(second.payload.jti).not.toBe(payload.jti);
  });

  test('needs the private key', () => {
    const { d: _private, ...publicKey } = sandboxKey();
    expect(() => createSandboxTokenSigner({ publicBaseUrl: 'http://x', key: publicKey })).toThrow(/private/);
  });
});

describe('readSandboxSigningKey', () => {
  test('reads the first key of a JWK Set file, and is undefined when the file is absent', () => {
    const file = join(dir, 'pair.json');
    writeFileSync(file, JSON.stringify({ keys: [sandboxKey()] }));
    expect(readSandboxSigningKey(file)).toEqual(sandboxKey());
    expect(readSandboxSigningKey(join(dir, 'absent.json'))).toBeUndefined();
  });

  test('stops start-up on a file that is not JSON or holds no private EC key', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{');
    expect(() => readSandboxSigningKey(broken)).toThrow(StartupError);
    const { d: _private, ...publicKey } = sandboxKey();
    const publicOnly = join(dir, 'public.json');
    writeFileSync(publicOnly, JSON.stringify({ keys: [publicKey] }));
    expect(() => readSandboxSigningKey(publicOnly)).toThrow(/no private EC key/);
  });
});
