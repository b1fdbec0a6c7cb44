import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { StartupError } from '../errors.js';
import { projectRoot } from '../project-root.js';
import type { TrustedClient } from './trusted-client.js';

export const SANDBOX_ISS = 'https://sandbox.cds-hooks.org';
/** The sandbox names this URL in its JWT header; allow-listing it lets its tokens through. */
export const SANDBOX_JKU = 'https://sandbox.cds-hooks.org/.well-known/jwks.json';
/** A copy of the JWK Set the sandbox publishes, so its tokens verify without a network fetch. */
export const SANDBOX_JWKS_FILE = join(projectRoot(), 'cds-hooks', 'sandbox-jwks.json');

function isJwkSet(value: unknown): value is JSONWebKeySet {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { keys?: unknown }).keys) &&
    (value as { keys: unknown[] }).keys.every((k) => typeof k === 'object' && k !== null)
  );
}

/** The public CDS Hooks sandbox: a development-only client that may use any FHIR server. */
export function buildSandboxClient(file: string = SANDBOX_JWKS_FILE): TrustedClient {
  let jwks: unknown;
  try {
    jwks = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StartupError(`Sandbox key set ${file} cannot be read: ${(error as Error).message}`);
  }
  if (!isJwkSet(jwks)) throw new StartupError(`Sandbox key set ${file} is not a JWK Set`);
  return {
    iss: SANDBOX_ISS,
    jwks,
    jku: SANDBOX_JKU,
    allowHttpFhir: true,
    anyFhirServer: true,
    source: 'sandbox',
  };
}
