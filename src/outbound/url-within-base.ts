/**
 * Which URLs a hook call's FHIR requests may go to: only below the `fhirServer` the caller named (and
 * the allow-list accepted). Every URL, the first search as much as a server-supplied next-page link,
 * is checked here after the same normalisation fetch applies, so `..`, `%2e%2e`, another port, an
 * IPv6 spelling of the host or credentials in the URL cannot leave the base.
 */

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;
/**
 * Encoded `.`, `/` and `\` in a path: WHATWG URL parsing leaves `%2f` and `%5c` encoded, and a server
 * (or a proxy in front of it) that decodes them could route the request outside the base.
 */
const ENCODED_SEPARATOR = /%(2e|2f|5c)/i;

/** An http(s) URL, else undefined. */
export function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function trimSlashes(path: string): string {
  return path.replace(/\/+$/, '');
}

/** A relative FHIR URL (`Observation?patient=1`) continues the base path, as FHIR clients read it. */
function joinToBase(baseUrl: string, relative: string): string {
  return `${trimSlashes(baseUrl)}/${relative.replace(/^\/+/, '')}`;
}

/**
 * The absolute URL `target` (relative to `baseUrl`, or absolute) names, if it is below `baseUrl`: same
 * scheme, host and port, no credentials, path equal to the base path or continuing it after a `/`,
 * and no encoded separators. Undefined for anything else.
 */
export function resolveWithinBase(baseUrl: string, target: string): URL | undefined {
  const base = parseHttpUrl(baseUrl);
  if (base === undefined || ENCODED_SEPARATOR.test(base.pathname)) return undefined;
  const url = parseHttpUrl(ABSOLUTE.test(target) ? target : joinToBase(baseUrl, target));
  if (url === undefined || url.origin !== base.origin) return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  if (ENCODED_SEPARATOR.test(url.pathname) || url.pathname.includes('\\')) return undefined;
  const basePath = trimSlashes(base.pathname);
  const path = trimSlashes(url.pathname);
  if (path !== basePath && !path.startsWith(`${basePath}/`)) return undefined;
  url.hash = '';
  return url;
}
