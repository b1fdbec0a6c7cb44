import { getJsonBounded } from '../outbound/bounded-get.js';
import { parseHttpUrl } from '../outbound/url-within-base.js';

/** A key set is a few kilobytes; anything far larger is not one, and is cut off while streaming. */
export const MAX_JWKS_BYTES = 256 * 1024;

/**
 * Fetches a JWK Set from an allow-listed `jku` through the service's bounded GET: a redirect is
 * refused (an allow-listed URL cannot bounce the request to another host), the body is cut off past
 * MAX_JWKS_BYTES and the whole fetch, body included, ends after `timeoutMs`.
 */
export async function fetchJwksOverHttp(url: string, timeoutMs = 5000): Promise<unknown> {
  const parsed = parseHttpUrl(url);
  if (!parsed) throw new Error('jku must be http(s)');
  return getJsonBounded(parsed, {
    headers: { accept: 'application/jwk-set+json, application/json' },
    maxBytes: MAX_JWKS_BYTES,
    signal: AbortSignal.timeout(timeoutMs),
  });
}
