import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import type { Config } from '../config/config.js';
import { StartupError } from '../errors.js';
import { compileSchema, errorLocation } from '../protocol/schemas.js';
import { buildSandboxClient } from './sandbox-client.js';
import type { TrustConfig, TrustedClient } from './trusted-client.js';

type TrustedClientEntry = Omit<TrustedClient, 'allowHttpFhir' | 'anyFhirServer' | 'source'> & {
  allowHttpFhir?: boolean;
};
interface TrustedClientsFile {
  clients: TrustedClientEntry[];
}

export const AUTH_DISABLED_WARNING =
  'AUTHENTICATION IS OFF: no trusted CDS clients are configured (CDS_TRUSTED_CLIENTS, CDS_TRUST_SANDBOX), ' +
  'so any caller is accepted and any http(s) fhirServer is contacted. Never run like this outside development.';

function describeSchemaError(error: ErrorObject): string {
  const where = errorLocation(error);
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return `${where} has unknown property '${extra}'`;
  }
  if (error.keyword === 'anyOf' && /^clients\[\d+\]$/.test(where)) return `${where} needs "jwks" or "jku"`;
  if (error.keyword === 'not')
    return `${where} must be a public key (private or symmetric key material found)`;
  if (error.keyword === 'required') return `${where} is required`;
  // The only patterns and formats in the schema are for URLs.
  if (error.keyword === 'pattern' || error.keyword === 'format') {
    return `${where} must be an absolute http(s) URL without query or fragment`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues?: unknown }).allowedValues;
    return `${where} must be one of ${JSON.stringify(allowed)}`;
  }
  return `${where} ${error.message ?? 'is invalid'}`;
}

function parseClientsFile(file: string, readFile: (path: string) => string): TrustedClientsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFile(file));
  } catch (error) {
    const reason = ((error as Error).message ?? String(error)).split('\n')[0];
    throw new StartupError(`Trusted-clients file ${file} cannot be read as JSON: ${reason}`);
  }
  const validate = compileSchema<TrustedClientsFile>('trusted-clients.schema.json');
  if (!validate(raw)) {
    // An unmet anyOf lists each branch's error first; the anyOf error itself says what is meant.
    const first = validate.errors?.find((e) => e.keyword === 'anyOf') ?? validate.errors?.[0];
    const detail = first ? describeSchemaError(first) : 'does not match the schema';
    throw new StartupError(`Trusted-clients file ${file} is invalid: ${detail}`);
  }
  return raw;
}

function checkProductionEntry(file: string, entry: TrustedClientEntry, index: number): void {
  const where = `Trusted-clients file ${file}: clients[${index}]`;
  if (entry.jku?.startsWith('http:')) throw new StartupError(`${where}.jku must be https in production`);
  const httpServer = entry.fhirServers?.findIndex((url) => url.startsWith('http:')) ?? -1;
  if (httpServer >= 0 && entry.allowHttpFhir !== true) {
    throw new StartupError(`${where}.fhirServers[${httpServer}] is http but allowHttpFhir is not true`);
  }
}

function toTrustedClient(entry: TrustedClientEntry): TrustedClient {
  return {
    ...entry,
    allowHttpFhir: entry.allowHttpFhir === true,
    cardProfile: entry.cardProfile ?? 'standard',
    anyFhirServer: false,
    source: 'file',
  };
}

function checkUniqueIssuers(clients: readonly TrustedClient[]): void {
  const seen = new Set<string>();
  for (const client of clients) {
    if (seen.has(client.iss)) {
      const hint = client.source === 'sandbox' ? ' (it is also added by CDS_TRUST_SANDBOX)' : '';
      throw new StartupError(`Trusted client iss ${JSON.stringify(client.iss)} is configured twice${hint}`);
    }
    seen.add(client.iss);
  }
}

/**
 * Builds the list of trusted CDS clients from the trusted-clients file and CDS_TRUST_SANDBOX, and applies
 * the production rules: a file is required and the public sandbox (whose private key is public) is refused.
 */
export function loadTrustConfig(
  config: Config,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): TrustConfig {
  const production = config.nodeEnv === 'production';
  const file = config.trustedClientsFile;
  if (production && file === undefined) {
    throw new StartupError(
      'CDS_TRUSTED_CLIENTS must name a trusted-clients file when NODE_ENV=production (authentication cannot be off)',
    );
  }
  if (production && config.trustSandbox) {
    throw new StartupError(
      'CDS_TRUST_SANDBOX=true is refused when NODE_ENV=production: the sandbox signing key is public',
    );
  }
  const entries = file === undefined ? [] : parseClientsFile(file, readFile).clients;
  if (production && file !== undefined) entries.forEach((entry, i) => checkProductionEntry(file, entry, i));
  const clients = [...entries.map(toTrustedClient), ...(config.trustSandbox ? [buildSandboxClient()] : [])];
  checkUniqueIssuers(clients);
  const authEnabled = file !== undefined || config.trustSandbox;
  return { clients, authEnabled, warning: authEnabled ? undefined : AUTH_DISABLED_WARNING };
}
