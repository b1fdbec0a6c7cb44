import type { Bundle, FhirResource } from 'fhir/r4.js';
import type { Client } from 'fhir-kit-client';
import { resourcesIn } from '../fhir/read-elements.js';

/** One HTTP request the service made to a FHIR server, for metrics (no URL, query or body: they can hold patient ids). */
export interface FhirRequestEvent {
  readonly resourceType: string;
  readonly status: number | 'error' | 'timeout';
  readonly durationMs: number;
}

export interface FhirReadResult {
  readonly resources: FhirResource[];
  /** Why the result is incomplete or unusable; undefined when everything was read. */
  readonly problem: string | undefined;
}

export interface FhirReadOptions {
  readonly client: Client;
  /** The FHIR base the caller named; next links elsewhere are never followed. */
  readonly baseUrl: string;
  readonly resourceType: string;
  readonly pageCap: number;
  /** Aborts everything (time budget, client gone). */
  readonly signal: AbortSignal;
  /** Timeout of each single request. */
  readonly timeoutMs: number;
  readonly onRequest?: (event: FhirRequestEvent) => void;
}

/** fhir-kit-client throws plain Errors with `response.status`; reduce them to a PHI-free reason. */
export function describeFhirError(
  error: unknown,
  signal: AbortSignal,
): { reason: string; status: FhirRequestEvent['status'] } {
  if (signal.aborted)
    return { reason: 'the FHIR server did not answer within the time budget', status: 'timeout' };
  const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
  if (typeof status === 'number') {
    const what = status === 401 || status === 403 ? 'refused access' : `answered HTTP ${status}`;
    return { reason: `the FHIR server ${what}`, status };
  }
  return { reason: 'the FHIR server could not be reached', status: 'error' };
}

function isSearchset(value: unknown): value is Bundle {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { resourceType?: unknown }).resourceType === 'Bundle' &&
    ((value as Bundle).entry === undefined || Array.isArray((value as Bundle).entry))
  );
}

/** A searchset's next-page URL, if it has a non-empty one. */
export function nextLink(bundle: Bundle): string | undefined {
  const url = Array.isArray(bundle.link) ? bundle.link.find((l) => l?.relation === 'next')?.url : undefined;
  return typeof url === 'string' && url ? url : undefined;
}

function withinBase(url: string, baseUrl: string): boolean {
  const base = baseUrl.replace(/\/+$/, '');
  return url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
}

/** GETs one URL with its own timeout inside the overall budget; reports the request for metrics. */
async function get(options: FhirReadOptions, url: string): Promise<unknown> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  const started = performance.now();
  try {
    const result = await options.client.request(url, { options: { signal } });
    options.onRequest?.({
      resourceType: options.resourceType,
      status: 200,
      durationMs: performance.now() - started,
    });
    return result;
  } catch (error) {
    const described = describeFhirError(error, signal);
    options.onRequest?.({
      resourceType: options.resourceType,
      status: described.status,
      durationMs: performance.now() - started,
    });
    throw Object.assign(new Error(described.reason), { described });
  }
}

function reasonOf(error: unknown): string {
  return (
    (error as { described?: { reason?: string } }).described?.reason ?? 'the FHIR server could not be reached'
  );
}

/** Reads one resource (e.g. `Patient/123`); a 404 means "no such resource", not a failure. */
export async function readResource(options: FhirReadOptions, path: string): Promise<FhirReadResult> {
  try {
    const resource = await get(options, path);
    if (
      typeof resource !== 'object' ||
      resource === null ||
      typeof (resource as FhirResource).resourceType !== 'string'
    ) {
      return {
        resources: [],
        problem: 'the FHIR server answered with something that is not a resource',
      };
    }
    return { resources: [resource as FhirResource], problem: undefined };
  } catch (error) {
    const status = (error as { described?: { status?: unknown } }).described?.status;
    if (status === 404 || status === 410) return { resources: [], problem: undefined };
    return { resources: [], problem: reasonOf(error) };
  }
}

/** A first page already in hand (paginated prefetch): its resources and its next-page URL. */
export interface FirstPage {
  readonly resources: readonly FhirResource[];
  readonly next: string;
}

/**
 * Runs a search and follows `next` links up to the page cap. Stops, keeping what it has and saying
 * why, on an error, a response that is not a Bundle, a next link outside the base, or a loop.
 */
export async function searchPages(
  options: FhirReadOptions,
  first: string | FirstPage,
): Promise<FhirReadResult> {
  const resources: FhirResource[] = typeof first === 'string' ? [] : [...first.resources];
  const seen = new Set<string>();
  let url: string | undefined = typeof first === 'string' ? first : first.next;
  for (let pages = typeof first === 'string' ? 0 : 1; url !== undefined; pages++) {
    if (pages >= options.pageCap)
      return { resources, problem: `more than ${options.pageCap} pages of results` };
    if (/^https?:/i.test(url) && !withinBase(url, options.baseUrl)) {
      return { resources, problem: 'a next-page link pointed outside the FHIR server' };
    }
    if (seen.has(url)) return { resources, problem: 'the FHIR server returned a next-page link that loops' };
    seen.add(url);
    let body: unknown;
    try {
      body = await get(options, url);
    } catch (error) {
      return { resources, problem: reasonOf(error) };
    }
    if (!isSearchset(body))
      return { resources, problem: 'the FHIR server answered with something that is not a Bundle' };
    resources.push(...resourcesIn(body));
    url = nextLink(body);
  }
  return { resources, problem: undefined };
}
