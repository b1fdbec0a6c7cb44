import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import { SANDBOX_ISS, SANDBOX_JKU } from '../auth/sandbox-client.js';
import { StartupError } from '../errors.js';
import { projectRoot } from '../project-root.js';

/** Signs a client JWT whose `aud` is the public URL of the given `/cds-services…` path. */
export type TokenSigner = (path: string) => Promise<string>;

/**
 * The public CDS Hooks sandbox's ES384 key pair (cds-hooks/sandbox, keys/jwk-keypair.json, Apache-2.0).
 * Its private half is published on purpose as test data; it is read only in development with
 * CDS_TRUST_SANDBOX=true, which production refuses at start-up.
 */
export const SANDBOX_KEYPAIR_FILE = join(projectRoot(), 'cds-hooks', 'sandbox-jwk-keypair.json');

const TOKEN_LIFETIME_S = 300;

function isPrivateEcKey(value: unknown): value is JWK {
  const key = value as JWK | null;
  return typeof key === 'object' && key !== null && key.kty === 'EC' && typeof key.d === 'string';
}

/** The sandbox's private key, or undefined when the file is absent; a malformed file stops start-up. */
export function readSandboxSigningKey(file: string = SANDBOX_KEYPAIR_FILE): JWK | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StartupError(`Sandbox key pair ${file} cannot be read: ${(error as Error).message}`);
  }
  const key = (parsed as { keys?: unknown[] } | null)?.keys?.[0];
  if (!isPrivateEcKey(key)) throw new StartupError(`Sandbox key pair ${file} has no private EC key`);
  return key;
}

/** Signs tokens exactly as the public sandbox does: ES384, kid and jku, 5 minutes, a fresh jti each. */
export function createSandboxTokenSigner(options: {
  readonly publicBaseUrl: string;
  readonly key: JWK;
  readonly now?: () => Date;
}): TokenSigner {
  const { key } = options;
  if (!isPrivateEcKey(key) || typeof key.kid !== 'string')
    throw new Error('A private EC key with a kid is needed');
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  const privateKey = importJWK(key, 'ES384');
  return async (path) => {
    const iat = Math.floor(now().getTime() / 1000);
    return new SignJWT({
      iss: SANDBOX_ISS,
      aud: base + path,
      iat,
      exp: iat + TOKEN_LIFETIME_S,
      jti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'ES384', typ: 'JWT', kid: key.kid as string, jku: SANDBOX_JKU })
      .sign(await privateKey);
  };
}
