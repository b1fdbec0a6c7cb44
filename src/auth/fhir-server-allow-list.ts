import { ForbiddenFhirServerError } from '../errors.js';
import { parseHttpUrl, resolveWithinBase } from '../outbound/url-within-base.js';
import type { AuthenticatedClient } from './trusted-client.js';

export interface FhirServerCheckInput {
  fhirServer: string;
  client: AuthenticatedClient | undefined;
  authEnabled: boolean;
  production: boolean;
}

function refuse(reason: string): never {
  throw new ForbiddenFhirServerError(`fhirServer is not allowed: ${reason}`);
}

/**
 * `fhirServer` comes from the caller, so the service would fetch whatever it names (SSRF). Only http(s)
 * URLs without credentials, query or fragment are ever used; a known client is held to its allow-list,
 * and production requires https unless the client's entry allows http.
 */
export function checkFhirServerAllowed(input: FhirServerCheckInput): void {
  const url = parseHttpUrl(input.fhirServer);
  if (url === undefined) refuse('it must be an absolute http or https URL');
  if (url.username !== '' || url.password !== '') refuse('it must not contain credentials');
  if (url.search !== '' || url.hash !== '') refuse('it must not contain a query or fragment');
  const entry = input.client?.client;
  if (input.production && url.protocol === 'http:' && entry?.allowHttpFhir !== true) {
    refuse('https is required');
  }
  if (entry === undefined) {
    if (input.authEnabled) refuse('the caller is not an authenticated client');
    return;
  }
  if (entry.anyFhirServer) return;
  if (!(entry.fhirServers ?? []).some((base) => resolveWithinBase(base, url.href) !== undefined)) {
    refuse('it is not on the allow-list for this client');
  }
}
