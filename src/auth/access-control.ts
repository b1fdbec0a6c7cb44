import type { RequestHandler } from 'express';
import type { Config } from '../config/config.js';
import {
  createClientAuthenticator,
  type AuthLogger,
  type ClientAuthenticatorOptions,
} from './client-authenticator.js';
import { checkFhirServerAllowed } from './fhir-server-allow-list.js';
import { loadTrustConfig } from './load-trust-config.js';
import { requireClientAuth } from './require-client-auth.js';
import type { AuthenticatedClient, TrustConfig } from './trusted-client.js';

export interface AccessControl {
  readonly authenticate: RequestHandler;
  readonly checkFhirServer: (fhirServer: string, caller: AuthenticatedClient | undefined) => void;
  /** Set when authentication is off (development without trust configuration). */
  readonly warning: string | undefined;
  readonly authEnabled: boolean;
}

/**
 * Who may call the service and which FHIR servers each caller may make it fetch from, built from
 * the configuration once at start-up (throws StartupError on a bad trusted-clients file).
 */
export function createAccessControl(
  config: Config,
  logger: AuthLogger,
  overrides: Pick<ClientAuthenticatorOptions, 'now' | 'fetchJwks' | 'replayCache'> & {
    /** The trusted clients, when start-up has already read them (before opening the database). */
    readonly trust?: TrustConfig;
  } = {},
): AccessControl {
  const trust = overrides.trust ?? loadTrustConfig(config);
  const authenticator = createClientAuthenticator({
    trust,
    publicBaseUrl: config.publicBaseUrl,
    loopbackAudiences: config.loopbackAudiences,
    clockSkewSeconds: config.clockSkewSeconds,
    logger,
    ...overrides,
  });
  return {
    authenticate: requireClientAuth(authenticator),
    checkFhirServer: (fhirServer, caller) =>
      checkFhirServerAllowed({
        fhirServer,
        client: caller,
        authEnabled: trust.authEnabled,
        production: config.nodeEnv === 'production',
      }),
    warning: trust.warning,
    authEnabled: trust.authEnabled,
  };
}
