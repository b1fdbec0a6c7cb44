import { errors, jwtVerify, type JWTPayload, type LocalJWKSet } from 'jose';
import { AuthenticationError } from './authentication-error.js';
import { readBearerToken, readTokenHeader, readUnverifiedIssuer } from './bearer-token.js';
import { fetchJwksOverHttp } from './fetch-jwks.js';
import { createKeyResolver } from './key-resolver.js';
import { ALLOWED_ALGORITHMS } from './public-keys.js';
import { createRemoteJwksCache, type FetchJwks } from './remote-jwks-cache.js';
import { createReplayCache, type ReplayCache } from './replay-cache.js';
import { expectedAudiences } from './token-audience.js';
import { checkVerifiedClaims } from './token-claims.js';
import type { AuthenticatedClient, TrustConfig, TrustedClient } from './trusted-client.js';

export interface AuthLogger {
  debug(obj: object, msg: string): void;
}

export interface ClientAuthenticatorOptions {
  trust: TrustConfig;
  publicBaseUrl: string;
  /** Development without PUBLIC_BASE_URL: also accept the loopback names of the endpoint (token-audience.ts). */
  loopbackAudiences?: boolean;
  clockSkewSeconds: number;
  /** Milliseconds since the epoch; injectable so tests can freeze the clock. */
  now?: () => number;
  fetchJwks?: FetchJwks;
  logger?: AuthLogger;
  replayCacheSize?: number;
  /** Shared by the replicas (PostgreSQL); this process's memory when absent. */
  replayCache?: ReplayCache;
  jwksMinRefreshIntervalMs?: number;
  jwksMaxAgeMs?: number;
}

export interface AuthenticationInput {
  authorization: string | undefined;
  /** The request path as the client called it, e.g. `/cds-services/hsg-order-sign/feedback`. */
  path: string;
  /** The local port the request arrived on (for the development loopback audiences). */
  localPort?: number;
}

export interface ClientAuthenticator {
  /** False when no trusted client is configured (development only); `requireClientAuth` then lets all through. */
  readonly enabled: boolean;
  authenticate(input: AuthenticationInput): Promise<AuthenticatedClient>;
}

function describeJoseError(error: unknown): string {
  if (error instanceof AuthenticationError) return error.reason;
  if (error instanceof errors.JWTClaimValidationFailed)
    return `claim ${error.claim} invalid (${error.reason})`;
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JOSEError) return `verification failed (${error.code})`;
  return 'verification failed';
}

async function verifyToken(
  token: string,
  keySet: LocalJWKSet,
  client: TrustedClient,
  options: { clockSkewSeconds: number; nowMs: number },
): Promise<JWTPayload> {
  // A jose error becomes an AuthenticationError (with its reason) in authenticate().
  const { payload } = await jwtVerify(token, keySet, {
    algorithms: [...ALLOWED_ALGORITHMS],
    typ: 'JWT',
    issuer: client.iss,
    clockTolerance: options.clockSkewSeconds,
    currentDate: new Date(options.nowMs),
    requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
  });
  return payload;
}

/**
 * Verifies the CDS client's `Authorization: Bearer <JWT>` (CDS Hooks 2.0 §Trusting CDS Clients and the
 * best-practice validation steps). Every failure is an AuthenticationError whose reason is logged at
 * debug level only; the token itself is never logged.
 */
export function createClientAuthenticator(options: ClientAuthenticatorOptions): ClientAuthenticator {
  const { trust, publicBaseUrl, clockSkewSeconds, logger } = options;
  const now = options.now ?? Date.now;
  const clientsByIss = new Map(trust.clients.map((client) => [client.iss, client]));
  const replayCache = options.replayCache ?? createReplayCache(options.replayCacheSize);
  const resolveKeySet = createKeyResolver(
    createRemoteJwksCache({
      fetchJwks: options.fetchJwks ?? fetchJwksOverHttp,
      now,
      minRefreshIntervalMs: options.jwksMinRefreshIntervalMs,
      maxAgeMs: options.jwksMaxAgeMs,
    }),
  );

  async function verifyRequest(
    input: AuthenticationInput,
    seen: Record<string, string>,
  ): Promise<AuthenticatedClient> {
    const token = readBearerToken(input.authorization);
    const header = readTokenHeader(token);
    seen.kid = header.kid.slice(0, 128);
    const iss = readUnverifiedIssuer(token);
    seen.iss = iss.slice(0, 256);
    const client = clientsByIss.get(iss);
    if (client === undefined) throw new AuthenticationError('unknown iss');
    const keySet = await resolveKeySet(client, header);
    const nowMs = now();
    const payload = await verifyToken(token, keySet, client, { clockSkewSeconds, nowMs });
    const claims = checkVerifiedClaims({
      payload,
      client,
      endpointAudiences: expectedAudiences(
        publicBaseUrl,
        input.path,
        options.loopbackAudiences ? input.localPort : undefined,
      ),
      nowSeconds: Math.floor(nowMs / 1000),
      clockSkewSeconds,
    });
    // Checked last so that only fully valid tokens take a place in the bounded replay cache.
    const keepUntilMs = (claims.exp + clockSkewSeconds) * 1000;
    if (!(await replayCache.remember(`${iss}\u0000${claims.jti}`, keepUntilMs, nowMs))) {
      throw new AuthenticationError('jti replayed');
    }
    const tenant = claims.tenant === undefined ? {} : { tenant: claims.tenant };
    return { iss, ...tenant, jti: claims.jti, kid: header.kid, client };
  }

  return {
    enabled: trust.authEnabled,
    async authenticate(input) {
      const seen: Record<string, string> = {};
      try {
        return await verifyRequest(input, seen);
      } catch (error) {
        const reason = describeJoseError(error);
        logger?.debug({ reason, path: input.path, ...seen }, 'CDS client authentication failed');
        throw error instanceof AuthenticationError ? error : new AuthenticationError(reason);
      }
    },
  };
}
