import type { JWTPayload } from 'jose';
import { AuthenticationError } from './authentication-error.js';
import { normalizeAudience } from './token-audience.js';
import type { TrustedClient } from './trusted-client.js';

export interface ClaimCheckInput {
  readonly payload: JWTPayload;
  readonly client: TrustedClient;
  /** The endpoint URL(s) derived from the request; the client's extra audiences are added here. */
  readonly endpointAudiences: readonly string[];
  readonly nowSeconds: number;
  readonly clockSkewSeconds: number;
}

export interface CheckedClaims {
  readonly jti: string;
  readonly exp: number;
  readonly tenant: string | undefined;
}

function checkAudience(
  payload: JWTPayload,
  client: TrustedClient,
  endpointAudiences: readonly string[],
): void {
  const accepted = new Set([...endpointAudiences, ...(client.audiences ?? [])].map(normalizeAudience));
  const claimed = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
  if (!claimed.some((aud) => typeof aud === 'string' && accepted.has(normalizeAudience(aud)))) {
    throw new AuthenticationError('aud does not match the endpoint');
  }
}

function checkTenant(payload: JWTPayload, client: TrustedClient): string | undefined {
  const tenant = payload.tenant;
  if (tenant !== undefined && typeof tenant !== 'string') throw new AuthenticationError('tenant malformed');
  if (client.tenants !== undefined && (tenant === undefined || !client.tenants.includes(tenant))) {
    throw new AuthenticationError('tenant not allowed');
  }
  return tenant;
}

/**
 * The checks jose leaves to us once the signature, `iss`, `exp` and `nbf` are verified. There is no
 * fixed lifetime cap: Epic issues 15-minute tokens, so a cap applies only when configured per client.
 */
export function checkVerifiedClaims(input: ClaimCheckInput): CheckedClaims {
  const { payload, client, nowSeconds, clockSkewSeconds } = input;
  checkAudience(payload, client, input.endpointAudiences);
  const { exp, iat, jti } = payload;
  if (typeof exp !== 'number' || typeof iat !== 'number') throw new AuthenticationError('exp or iat missing');
  if (iat > nowSeconds + clockSkewSeconds) throw new AuthenticationError('iat in the future');
  const maxLifetime = client.maxTokenLifetimeSeconds;
  if (maxLifetime !== undefined && exp - iat > maxLifetime) {
    throw new AuthenticationError('token lifetime exceeds maxTokenLifetimeSeconds');
  }
  if (typeof jti !== 'string' || jti === '') throw new AuthenticationError('jti missing');
  return { jti, exp, tenant: checkTenant(payload, client) };
}
