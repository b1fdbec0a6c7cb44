import type { JSONWebKeySet } from 'jose';
import type { CardProfileName } from '../cards/card-profiles.js';

/** One CDS client (EHR) allowed to call the service, as configured in the trusted-clients file. */
export interface TrustedClient {
  /** The exact `iss` claim the client puts in its JWTs. */
  readonly iss: string;
  /** Public keys known out of band. */
  readonly jwks?: JSONWebKeySet;
  /** The only JWK Set URL the service will ever fetch for this issuer. */
  readonly jku?: string;
  /** When set, the token's `tenant` claim must be one of these. */
  readonly tenants?: readonly string[];
  /** Accepted `aud` values besides the endpoint URL itself (e.g. an EHR that signs for a gateway URL). */
  readonly audiences?: readonly string[];
  /** When set, tokens whose `exp - iat` is longer are refused. */
  readonly maxTokenLifetimeSeconds?: number;
  /** Base URLs the client may name as `fhirServer`; absent means none. */
  readonly fhirServers?: readonly string[];
  readonly allowHttpFhir: boolean;
  /** The card features the client's EHR can show; absent means `standard`. */
  readonly cardProfile?: CardProfileName;
  /** Only the public sandbox: it lets the user point it at any FHIR server, so no list can apply. */
  readonly anyFhirServer: boolean;
  readonly source: 'file' | 'sandbox';
}

export interface TrustConfig {
  readonly clients: readonly TrustedClient[];
  /** True whenever a trusted-clients file or the sandbox is configured. */
  readonly authEnabled: boolean;
  /** Set when authentication is off; the caller must log it loudly at start-up. */
  readonly warning: string | undefined;
}

/**
 * The verified caller: stored in `res.locals.client` by `requireClientAuth`, read back with
 * `getAuthenticatedClient`, and the one caller type of the protocol layer (absent when auth is off).
 */
export interface AuthenticatedClient {
  readonly iss: string;
  readonly tenant?: string;
  readonly jti: string;
  readonly kid: string;
  readonly client: TrustedClient;
}
