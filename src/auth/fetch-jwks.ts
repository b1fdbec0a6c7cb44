/** A key set is a few kilobytes; anything far larger is not one. */
const MAX_JWKS_BYTES = 256 * 1024;

/**
 * Fetches a JWK Set from an allow-listed `jku`. Redirects are refused so an allow-listed URL cannot
 * bounce the request to another host.
 */
export async function fetchJwksOverHttp(url: string, timeoutMs = 5000): Promise<unknown> {
  const response = await fetch(url, {
    redirect: 'error',
    headers: { accept: 'application/jwk-set+json, application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`JWK Set fetch failed with HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_JWKS_BYTES) throw new Error('JWK Set too large');
  return JSON.parse(text) as unknown;
}
