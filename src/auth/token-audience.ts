/** `aud` values compare equal regardless of host case, default port or a trailing slash. */
export function normalizeAudience(value: string): string {
  let normalized = value;
  try {
    normalized = new URL(value).href;
  } catch {
    // Not a URL: compare it as given.
  }
  return normalized.replace(/\/+$/, '');
}

/** The names a development machine reaches itself by, as clients write them in a URL. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/**
 * The `aud` values a token may carry for a request: the externally visible URL of the endpoint being
 * invoked (CDS Hooks 2.0 §Trusting CDS Clients). Only the part from `/cds-services` on is taken from
 * the request, so a proxy that strips or keeps the public path prefix gives the same answer. Feedback
 * also accepts the service URL, because the spec does not say which one clients use (F-12).
 *
 * `loopbackPort` (development without PUBLIC_BASE_URL only): the endpoint is also accepted through
 * `localhost`, `127.0.0.1` and `[::1]` on that port (the port the request arrived on), because a
 * local client signs `aud` with whichever of them it was given (the sandbox with 127.0.0.1, say).
 */
export function expectedAudiences(publicBaseUrl: string, path: string, loopbackPort?: number): string[] {
  if (loopbackPort !== undefined) {
    return [publicBaseUrl, ...LOOPBACK_HOSTS.map((host) => `http://${host}:${loopbackPort}`)].flatMap(
      (base) => expectedAudiences(base, path),
    );
  }
  const base = publicBaseUrl.replace(/\/+$/, '');
  const cleanPath = path.split(/[?#]/, 1)[0]?.replace(/\/+$/, '') ?? '';
  const start = cleanPath.search(/\/cds-services(\/|$)/);
  const endpointPath = start >= 0 ? cleanPath.slice(start) : cleanPath;
  const endpoint = normalizeAudience(base + endpointPath);
  const feedback = /^(\/cds-services\/[^/]+)\/feedback$/.exec(endpointPath);
  return feedback?.[1] ? [endpoint, normalizeAudience(base + feedback[1])] : [endpoint];
}
