export { AuthenticationError, sendUnauthorized } from './authentication-error.js';
export {
  createClientAuthenticator,
  type AuthenticationInput,
  type AuthLogger,
  type ClientAuthenticator,
  type ClientAuthenticatorOptions,
} from './client-authenticator.js';
export { checkFhirServerAllowed, type FhirServerCheckInput } from './fhir-server-allow-list.js';
export { AUTH_DISABLED_WARNING, loadTrustConfig } from './load-trust-config.js';
export { getAuthenticatedClient, requireClientAuth } from './require-client-auth.js';
export { SANDBOX_ISS } from './sandbox-client.js';
export type { AuthenticatedClient, TrustConfig, TrustedClient } from './trusted-client.js';
export { createAccessControl, type AccessControl } from './access-control.js';
