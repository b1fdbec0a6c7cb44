import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { SANDBOX_ISS, SANDBOX_JKU } from '../../src/auth/sandbox-client.js';
import { readFixture } from './cds-requests.js';

/** The public sandbox's ES384 key pair (its private key is published on purpose, for testing). */
export function sandboxKey(): JWK {
  return readFixture<{ keys: JWK[] }>('cds-hooks-sandbox/jwk-keypair.json').keys[0]!;
}

/** Inferno's CRD client keys: [EC public, EC private, RSA public, RSA private]. */
export function crdKeys(): JWK[] {
  return readFixture<{ keys: JWK[] }>('davinci-crd-test-kit/crd_jwks.json').keys;
}

/** Signs a token the way the CDS Hooks sandbox does (ES384, kid, jku, 5-minute lifetime, fresh jti). */
export async function signClientJwt(
  aud: string,
  options: {
    key?: JWK;
    alg?: string;
    iss?: string;
    claims?: JWTPayload;
    header?: Record<string, unknown>;
  } = {},
): Promise<string> {
  const key = options.key ?? sandboxKey();
  const alg = options.alg ?? 'ES384';
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: options.iss ?? SANDBOX_ISS,
    aud,
    iat: now,
    exp: now + 300,
    jti: randomUUID(),
    ...options.claims,
  })
    .setProtectedHeader({
      alg,
      typ: 'JWT',
      kid: key.kid!,
      ...(options.iss ? {} : { jku: SANDBOX_JKU }),
      ...options.header,
    })
    .sign(await importJWK(key, alg));
}
