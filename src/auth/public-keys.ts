import type { JWK } from 'jose';

/** CDS Hooks 2.0 recommends ES384 and RS384; `none` and every symmetric `HS*` algorithm are forbidden. */
export const ALLOWED_ALGORITHMS = ['ES384', 'RS384', 'ES256', 'RS256', 'PS256', 'PS384', 'PS512'] as const;
export type AllowedAlgorithm = (typeof ALLOWED_ALGORITHMS)[number];

export function isAllowedAlgorithm(alg: unknown): alg is AllowedAlgorithm {
  return typeof alg === 'string' && (ALLOWED_ALGORITHMS as readonly string[]).includes(alg);
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;

/** Keeps only public EC/RSA keys: a published key set must never feed private or secret material in. */
export function isPublicVerificationKey(value: unknown): value is JWK {
  if (typeof value !== 'object' || value === null) return false;
  const jwk = value as Record<string, unknown>;
  if (jwk.kty !== 'EC' && jwk.kty !== 'RSA') return false;
  return PRIVATE_MEMBERS.every((member) => !(member in jwk));
}
