import type { ServerResponse } from 'node:http';
import type { Bundle, OperationOutcome } from 'fhir/r4.js';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** A response read from the real server, buffered so a fault can alter it before it is sent. */
export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
}

/**
 * Every response closes its connection: a client's pooled keep-alive socket would otherwise race the
 * 'down' fault and fail with "other side closed" instead of the refused connection the fault promises.
 */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  const length = Buffer.byteLength(text);
  res.writeHead(status, {
    'content-type': FHIR_JSON,
    ...headers,
    'content-length': length,
    connection: 'close',
  });
  res.end(text);
}

/** A status fault answers like a real server would: an OperationOutcome plus the header clients look for. */
export function sendStatusFault(res: ServerResponse, status: number): void {
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: issueCodeFor(status), diagnostics: `Injected fault: HTTP ${status}` }],
  };
  const headers: Record<string, string> = {};
  if (status === 401) headers['www-authenticate'] = 'Bearer';
  if (status === 429 || status === 503) headers['retry-after'] = '1';
  sendText(res, status, JSON.stringify(outcome), headers);
}

function issueCodeFor(status: number): OperationOutcome['issue'][number]['code'] {
  if (status === 401) return 'login';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  return status >= 500 ? 'exception' : 'processing';
}

/** Valid HTTP, invalid JSON: the body is cut in half and Content-Length matches the cut body. */
export function truncate(upstream: UpstreamResponse): UpstreamResponse {
  return { ...upstream, text: upstream.text.slice(0, Math.max(1, Math.floor(upstream.text.length / 2))) };
}

/** What a misbehaving server might answer to a search: a single resource instead of a Bundle. */
export function notABundle(): UpstreamResponse {
  return {
    status: 200,
    headers: { 'content-type': FHIR_JSON },
    text: JSON.stringify({ resourceType: 'Patient', id: 'not-a-bundle' }),
  };
}

/** Keeps the page's entries but points `next` at the very URL that was requested, forever. */
export function loopNextLink(upstream: UpstreamResponse, requestedUrl: string): UpstreamResponse {
  const parsed = parseBundle(upstream.text);
  if (!parsed) return upstream;
  const bundle: Bundle = {
    ...parsed,
    link: [
      { relation: 'self', url: requestedUrl },
      { relation: 'next', url: requestedUrl },
    ],
  };
  return { ...upstream, text: JSON.stringify(bundle) };
}

function parseBundle(text: string): Bundle | undefined {
  try {
    const value: unknown = JSON.parse(text);
    const isBundle =
      typeof value === 'object' &&
      value !== null &&
      'resourceType' in value &&
      value.resourceType === 'Bundle';
    return isBundle ? (value as Bundle) : undefined;
  } catch {
    return undefined;
  }
}

/** So paging clients stay behind the proxy: every absolute link to the real server now names the proxy. */
export function rewriteBaseUrl(
  upstream: UpstreamResponse,
  targetBase: string,
  proxyBase: string,
): UpstreamResponse {
  if (!upstream.headers['content-type']?.includes('json')) return upstream;
  return { ...upstream, text: upstream.text.split(targetBase).join(proxyBase) };
}
