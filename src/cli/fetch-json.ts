import { CliFailure } from './exit-codes.js';

export interface HttpResult {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: unknown;
}

const TIMEOUT_MS = 30_000;

function describeFailure(url: string, error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return `cannot reach ${new URL(url).origin}: ${String(reason)}`;
}

/** One HTTP exchange; network failures become a CliFailure naming the host (never the query). */
export async function fetchJson(
  url: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: unknown } = {},
): Promise<HttpResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        Accept: 'application/json, application/fhir+json',
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new CliFailure(describeFailure(url, error));
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

/** The diagnostics of an OperationOutcome body, or the start of whatever else came back. */
export function describeErrorBody(result: HttpResult): string {
  const issues = (result.json as { issue?: { diagnostics?: unknown }[] } | undefined)?.issue;
  const diagnostics = Array.isArray(issues)
    ? issues.map((i) => i.diagnostics).filter((d): d is string => typeof d === 'string')
    : [];
  if (diagnostics.length > 0) return diagnostics.join('; ');
  return result.text.slice(0, 200) || '(empty body)';
}

/** `http://host:3000/` and `http://host:3000` both → `http://host:3000`. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}

/** GET `<base>/cds-services`; anything but 200 is a CliFailure saying what discovery answered. */
export async function fetchDiscovery(base: string): Promise<HttpResult> {
  const result = await fetchJson(`${base}/cds-services`);
  if (result.status !== 200)
    throw new CliFailure(`discovery answered ${result.status}: ${describeErrorBody(result)}`);
  return result;
}
