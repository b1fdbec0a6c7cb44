import type { Bundle, FhirResource } from 'fhir/r4.js';
import { resourcesIn } from '../fhir/read-elements.js';
import { getJsonBounded, OutboundRequestError } from '../outbound/bounded-get.js';
import { resolveWithinBase } from '../outbound/url-within-base.js';

/** How a request ended, for metrics: the HTTP status, or why there was none to use. */
export type FhirRequestStatus = number | 'error' | 'timeout' | 'redirected' | 'too-large';

/** One HTTP request the service made to a FHIR server, for metrics (no URL, query or body: they can hold patient ids). */
export interface FhirRequestEvent {
  readonly resourceType: string;
  readonly status: FhirRequestStatus;
  readonly durationMs: number;
}

/**
 * Why a category could not be (fully) read: a fixed code for logs (`timeout`, `redirected`,
 * `too-large`, `http-500` …) and plain words for the clinician's card. Neither holds a URL or data.
 */
export interface FhirReadProblem {
  readonly code: string;
  readonly text: string;
}

export interface FhirReadResult {
  readonly resources: FhirResource[];
  /** Why the result is incomplete or unusable; undefined when everything was read. */
  readonly problem: FhirReadProblem | undefined;
}

/** The FHIR server of one hook call, as the caller named it, and the token for it (never sent elsewhere). */
export interface FhirConnection {
  readonly baseUrl: string;
  readonly accessToken: string | undefined;
}

export interface FhirReadOptions {
  readonly connection: FhirConnection;
  readonly resourceType: string;
  readonly pageCap: number;
  /** The most bytes one response may bring; a longer body is cut off while streaming. */
  readonly maxResponseBytes: number;
  /** The most resources kept for one category, over all its pages. */
  readonly maxResources: number;
  /** Aborts everything (time budget, client gone). */
  readonly signal: AbortSignal;
  /** Timeout of each single request. */
  readonly timeoutMs: number;
  readonly onRequest?: (event: FhirRequestEvent) => void;
}

const problems = {
  timeout: { code: 'timeout', text: 'the FHIR server did not answer within the time budget' },
  unreachable: { code: 'unreachable', text: 'the FHIR server could not be reached' },
  redirected: {
    code: 'redirected',
    text: 'the FHIR server answered with a redirect, which the service does not follow',
  },
  tooLarge: { code: 'too-large', text: 'the FHIR server sent more data than the service accepts' },
  notJson: { code: 'not-json', text: 'the FHIR server answered with something that is not JSON' },
  notResource: {
    code: 'not-a-resource',
    text: 'the FHIR server answered with something that is not a resource',
  },
  notBundle: { code: 'not-a-bundle', text: 'the FHIR server answered with something that is not a Bundle' },
  outsideBase: { code: 'outside-base', text: 'a link pointed outside the FHIR server' },
  loop: { code: 'next-loop', text: 'the FHIR server returned a next-page link that loops' },
} as const satisfies Record<string, FhirReadProblem>;

function statusProblem(status: number): FhirReadProblem {
  const what = status === 401 || status === 403 ? 'refused access' : `answered HTTP ${status}`;
  return { code: `http-${status}`, text: `the FHIR server ${what}` };
}

/** A request that failed, reduced to what metrics and the card may say. */
interface RequestFailure {
  readonly problem: FhirReadProblem;
  readonly status: FhirRequestStatus;
}

function describeFailure(error: unknown, signal: AbortSignal): RequestFailure {
  if (signal.aborted) return { problem: problems.timeout, status: 'timeout' };
  if (!(error instanceof OutboundRequestError)) return { problem: problems.unreachable, status: 'error' };
  switch (error.failure) {
    case 'redirected':
      return { problem: problems.redirected, status: 'redirected' };
    case 'too-large':
      return { problem: problems.tooLarge, status: 'too-large' };
    case 'timeout':
      return { problem: problems.timeout, status: 'timeout' };
    case 'not-json':
      return { problem: problems.notJson, status: error.status ?? 'error' };
    case 'http-status':
      return { problem: statusProblem(error.status ?? 0), status: error.status ?? 'error' };
    default:
      return { problem: problems.unreachable, status: 'error' };
  }
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

type Fetched = { readonly body: unknown; readonly report: (status: FhirRequestStatus) => void };

/**
 * GETs one URL below the base with its own timeout inside the overall budget. The caller reports the
 * request (for metrics) once it knows whether the body was usable; a failure is reported here.
 */
async function get(options: FhirReadOptions, url: URL): Promise<Fetched | RequestFailure> {
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  const started = performance.now();
  const report = (status: FhirRequestStatus) =>
    options.onRequest?.({
      resourceType: options.resourceType,
      status,
      durationMs: performance.now() - started,
    });
  const token = options.connection.accessToken;
  try {
    const body = await getJsonBounded(url, {
      headers: { accept: 'application/fhir+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      maxBytes: options.maxResponseBytes,
      signal,
    });
    return { body, report };
  } catch (error) {
    const failure = describeFailure(error, signal);
    report(failure.status);
    return failure;
  }
}

const failed = (result: Fetched | RequestFailure): result is RequestFailure => 'problem' in result;

/** Reads one resource (e.g. `Patient/123`); a 404 means "no such resource", not a failure. */
export async function readResource(options: FhirReadOptions, path: string): Promise<FhirReadResult> {
  const url = resolveWithinBase(options.connection.baseUrl, path);
  if (url === undefined) return { resources: [], problem: problems.outsideBase };
  const result = await get(options, url);
  if (failed(result)) {
    const status = result.status;
    return { resources: [], problem: status === 404 || status === 410 ? undefined : result.problem };
  }
  result.report(200);
  const resource = result.body;
  if (
    typeof resource !== 'object' ||
    resource === null ||
    typeof (resource as FhirResource).resourceType !== 'string'
  )
    return { resources: [], problem: problems.notResource };
  return { resources: [resource as FhirResource], problem: undefined };
}

/** A first page already in hand (paginated prefetch): its resources and its next-page URL. */
export interface FirstPage {
  readonly resources: readonly FhirResource[];
  readonly next: string;
}

/** Appends up to `room` resources one by one (never by argument spreading, which overflows the stack). */
function appendUpTo(target: FhirResource[], page: readonly FhirResource[], cap: number): boolean {
  for (const resource of page) {
    if (target.length >= cap) return false;
    target.push(resource);
  }
  return true;
}

/**
 * Runs a search and follows `next` links up to the page cap. Stops, keeping what it has and saying
 * why, on an error, a response that is not a Bundle, a next link outside the base, a loop, or more
 * resources than the category may keep.
 */
export async function searchPages(
  options: FhirReadOptions,
  first: string | FirstPage,
): Promise<FhirReadResult> {
  const resources: FhirResource[] = [];
  if (typeof first !== 'string' && !appendUpTo(resources, first.resources, options.maxResources))
    return { resources, problem: problems.tooLarge };
  const seen = new Set<string>();
  let link: string | undefined = typeof first === 'string' ? first : first.next;
  for (let pages = typeof first === 'string' ? 0 : 1; link !== undefined; pages++) {
    if (pages >= options.pageCap)
      return {
        resources,
        problem: { code: 'page-cap', text: `more than ${options.pageCap} pages of results` },
      };
    const url = resolveWithinBase(options.connection.baseUrl, link);
    if (url === undefined) return { resources, problem: problems.outsideBase };
    if (seen.has(url.href)) return { resources, problem: problems.loop };
    seen.add(url.href);
    const result = await get(options, url);
    if (failed(result)) return { resources, problem: result.problem };
    const body = result.body;
    if (!isSearchset(body)) {
      result.report(200);
      return { resources, problem: problems.notBundle };
    }
    const complete = appendUpTo(resources, resourcesIn(body), options.maxResources);
    result.report(complete ? 200 : 'too-large');
    if (!complete) return { resources, problem: problems.tooLarge };
    link = nextLink(body);
  }
  return { resources, problem: undefined };
}
