/**
 * The one way the service GETs JSON from another server (EHR FHIR servers, `jku` key sets). The
 * platform fetch follows redirects and buffers bodies of any size; here a redirect is never followed
 * (the caller's allow-list was checked for the URL asked, not for where a 3xx points) and the body is
 * read as a stream that is abandoned, and its connection closed, the moment it passes `maxBytes`.
 */

/** Why a GET gave no usable body: fixed words, safe for metric labels and log lines. */
export type OutboundFailure =
  'redirected' | 'too-large' | 'timeout' | 'unreachable' | 'http-status' | 'not-json';

export class OutboundRequestError extends Error {
  constructor(
    readonly failure: OutboundFailure,
    /** The HTTP status, when the server answered with one. */
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundRequestError';
  }
}

export interface BoundedGetOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** The most body bytes read; a larger body is cut off, not buffered. */
  readonly maxBytes: number;
  /** Ends the request and the body read (per-request timeout, time budget, caller gone). */
  readonly signal: AbortSignal;
}

function failureOf(error: unknown, signal: AbortSignal): OutboundRequestError {
  if (error instanceof OutboundRequestError) return error;
  if (signal.aborted) return new OutboundRequestError('timeout', undefined, 'no answer in time');
  return new OutboundRequestError('unreachable', undefined, 'the server could not be reached');
}

/** Reads at most `maxBytes` of the body; past that it stops reading and drops the connection. */
async function readBounded(response: Response, maxBytes: number, stop: () => void): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    stop();
    throw new OutboundRequestError('too-large', response.status, `body of ${declared} bytes declared`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (reader === undefined) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      stop();
      await reader.cancel().catch(() => undefined);
      throw new OutboundRequestError('too-large', response.status, `body longer than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/**
 * GETs `url` and parses its JSON body. Throws OutboundRequestError for a redirect (3xx, never
 * followed), an error status (body not read), a body over `maxBytes`, a timeout, a network failure or
 * a body that is not JSON.
 */
export async function getJsonBounded(url: URL, options: BoundedGetOptions): Promise<unknown> {
  const own = new AbortController();
  const signal = AbortSignal.any([options.signal, own.signal]);
  const stop = () => own.abort();
  try {
    const response = await fetch(url, {
      method: 'GET',
      headers: { ...options.headers },
      redirect: 'manual',
      signal,
    });
    if (response.status >= 300 && response.status < 400) {
      stop();
      throw new OutboundRequestError('redirected', response.status, `answered ${response.status} (redirect)`);
    }
    if (!response.ok) {
      stop();
      throw new OutboundRequestError('http-status', response.status, `answered HTTP ${response.status}`);
    }
    const body = await readBounded(response, options.maxBytes, stop);
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      throw new OutboundRequestError('not-json', response.status, 'the body is not JSON');
    }
  } catch (error) {
    throw failureOf(error, options.signal);
  }
}
