import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  loopNextLink,
  notABundle,
  rewriteBaseUrl,
  sendStatusFault,
  sendText,
  truncate,
} from './fault-responses.js';
import type { UpstreamResponse } from './fault-responses.js';
import { streamHugeBundle, streamManyEntriesPage, type StreamReport } from './streaming-faults.js';

/** A fault the proxy injects; `onlyResourceType` limits it to requests addressing that type ('down' ignores it). */
export type Fault = (
  | { kind: 'none' }
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number }
  | { kind: 'reset' }
  | { kind: 'truncated-json' }
  | { kind: 'not-a-bundle' }
  | { kind: 'next-loop' }
  | { kind: 'down' }
  /** Answers every request with this redirect; nothing is forwarded. */
  | { kind: 'redirect'; status: number; location: string }
  /** Searches stream a searchset of about `bytes` bytes, straight from the proxy. */
  | { kind: 'huge-bundle'; bytes: number }
  /** Searches answer `total` small entries in pages of `perPage` (next links stay on the proxy). */
  | { kind: 'many-entries'; total: number; perPage: number }
  /** Searches answer this body (200, FHIR JSON) instead of the server's. */
  | { kind: 'search-body'; text: string }
) & { onlyResourceType?: string };

/** What reached the proxy: the path (with query) and whether it carried an Authorization header. */
export interface ReceivedRequest {
  readonly path: string;
  readonly authorization: boolean;
}

/** The query parameter the 'many-entries' fault numbers its pages with. */
const PAGE_PARAMETER = 'fault-page';

export interface FaultProxy {
  /** The target's base path on the proxy's origin, e.g. `http://127.0.0.1:5555/fhir/R4`. */
  readonly baseUrl: string;
  /** How many requests reached the proxy (faulted ones included). */
  readonly requests: number;
  /** How many of them the client gave up on (closed the connection) before the proxy answered. */
  readonly abandoned: number;
  /** Every request that reached the proxy, in order. */
  readonly received: readonly ReceivedRequest[];
  /** Every body the streaming faults wrote, in order of completion. */
  readonly streams: readonly StreamReport[];
  /** Resolves once the fault is in force (for 'down', once the port refuses connections). */
  setFault(fault: Fault): Promise<void>;
  /** Stops listening and ends every open request, including ones held by a latency fault. */
  close(): Promise<void>;
}

const FORWARDED_REQUEST_HEADERS = [
  'authorization',
  'accept',
  'content-type',
  'if-none-exist',
  'if-match',
  'prefer',
];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'location', 'etag', 'www-authenticate', 'retry-after'];

interface ProxyContext {
  fault: Fault;
  requests: number;
  abandoned: number;
  readonly received: ReceivedRequest[];
  readonly streams: StreamReport[];
  readonly targetBase: string;
  readonly targetOrigin: string;
  readonly basePath: string;
  proxyBase: string;
  readonly aborter: AbortController;
}

/** Starts a reverse proxy in front of a real FHIR server to inject faults that cannot be produced for real. */
export async function startFaultProxy(options: { target: string; fault: Fault }): Promise<FaultProxy> {
  const target = new URL(options.target);
  const basePath = target.pathname.replace(/\/$/, '');
  const ctx: ProxyContext = {
    fault: { kind: 'none' },
    requests: 0,
    abandoned: 0,
    received: [],
    streams: [],
    targetBase: target.origin + basePath,
    targetOrigin: target.origin,
    basePath,
    proxyBase: '',
    aborter: new AbortController(),
  };
  const server = createServer((req, res) => void handleProxyRequest(ctx, req, res));
  const { port } = await listen(server, 0);
  ctx.proxyBase = `http://127.0.0.1:${port}${basePath}`;
  let listening = true;

  const setFault = async (fault: Fault): Promise<void> => {
    ctx.fault = fault;
    if (fault.kind === 'down' && listening) {
      listening = false;
      await stopListening(server);
    } else if (fault.kind !== 'down' && !listening) {
      await listen(server, port);
      listening = true;
    }
  };
  await setFault(options.fault);
  return {
    baseUrl: ctx.proxyBase,
    get requests() {
      return ctx.requests;
    },
    get abandoned() {
      return ctx.abandoned;
    },
    received: ctx.received,
    streams: ctx.streams,
    setFault,
    close: async () => {
      ctx.aborter.abort();
      if (listening) await stopListening(server);
      listening = false;
    },
  };
}

async function handleProxyRequest(
  ctx: ProxyContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  ctx.requests++;
  ctx.received.push({ path: req.url ?? '/', authorization: req.headers.authorization !== undefined });
  let resetByProxy = false;
  res.once('close', () => {
    if (!res.writableFinished && !resetByProxy && !ctx.aborter.signal.aborted) ctx.abandoned++;
  });
  const fault = ctx.fault;
  const path = req.url ?? '/';
  const segments = segmentsBelow(ctx.basePath, new URL(path, ctx.targetOrigin).pathname);
  const applies = fault.onlyResourceType === undefined || segments[0] === fault.onlyResourceType;
  const isSearch = req.method === 'GET' && segments.length === 1 && segments[0] !== 'metadata';
  try {
    if (applies && fault.kind === 'latency') await delay(fault.ms, undefined, { signal: ctx.aborter.signal });
    if (applies && fault.kind === 'status') return sendStatusFault(res, fault.status);
    if (applies && fault.kind === 'reset') {
      resetByProxy = true;
      return void req.socket.destroy();
    }
    if (applies && fault.kind === 'redirect')
      return sendText(res, fault.status, '', { location: fault.location, 'content-type': 'text/plain' });
    if (applies && isSearch && (fault.kind === 'huge-bundle' || fault.kind === 'many-entries'))
      return void ctx.streams.push(await streamFault(ctx, fault, path, res));
    let upstream = rewriteBaseUrl(await forward(ctx, req, path), ctx.targetBase, ctx.proxyBase);
    if (applies)
      upstream = alterResponse(fault, upstream, isSearch, ctx.proxyBase + path.slice(ctx.basePath.length));
    sendText(res, upstream.status, upstream.text, upstream.headers);
  } catch {
    // Closing the proxy aborts waits and upstream calls; those requests just end.
    if (ctx.aborter.signal.aborted || res.headersSent) res.destroy();
    else sendStatusFault(res, 502);
  }
}

function streamFault(
  ctx: ProxyContext,
  fault: Extract<Fault, { kind: 'huge-bundle' | 'many-entries' }>,
  path: string,
  res: ServerResponse,
): Promise<StreamReport> {
  const url = new URL(path, ctx.targetOrigin);
  const patientId = url.searchParams.get('patient') ?? url.searchParams.get('subject') ?? 'unknown';
  if (fault.kind === 'huge-bundle') return streamHugeBundle(res, patientId, fault.bytes);
  const page = Number(url.searchParams.get(PAGE_PARAMETER) ?? '0');
  const nextUrl = (next: number) => {
    url.searchParams.set(PAGE_PARAMETER, String(next));
    return ctx.proxyBase + url.pathname.slice(ctx.basePath.length) + url.search;
  };
  return streamManyEntriesPage(res, { patientId, total: fault.total, perPage: fault.perPage, page, nextUrl });
}

function alterResponse(
  fault: Fault,
  upstream: UpstreamResponse,
  isSearch: boolean,
  requestedUrl: string,
): UpstreamResponse {
  switch (fault.kind) {
    case 'truncated-json':
      return truncate(upstream);
    case 'not-a-bundle':
      return isSearch ? notABundle() : upstream;
    case 'next-loop':
      return isSearch ? loopNextLink(upstream, requestedUrl) : upstream;
    case 'search-body':
      return isSearch ? { ...upstream, status: 200, text: fault.text } : upstream;
    default:
      return upstream;
  }
}

async function forward(ctx: ProxyContext, req: IncomingMessage, path: string): Promise<UpstreamResponse> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const response = await fetch(ctx.targetOrigin + path, {
    method: req.method ?? 'GET',
    headers,
    body: hasBody ? await readBody(req) : undefined,
    signal: ctx.aborter.signal,
  });
  const responseHeaders: Record<string, string> = {};
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) responseHeaders[name] = value;
  }
  return { status: response.status, headers: responseHeaders, text: await response.text() };
}

/** FHIR bodies are JSON text, so the body is forwarded as a string. */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function segmentsBelow(basePath: string, pathname: string): string[] {
  if (!pathname.startsWith(basePath)) return [];
  return pathname.slice(basePath.length).split('/').filter(Boolean);
}

function listen(server: Server, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('Proxy has no TCP address'));
      else resolve(address);
    });
  });
}

/** Refuses new connections and ends open ones at once, so a 'down' proxy looks like a dead host. */
function stopListening(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
