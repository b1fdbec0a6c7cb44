import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperationOutcome } from 'fhir/r4.js';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class BadRequestBodyError extends Error {}

/** Thrown for a body of a media type the interaction does not take (answered 415). */
export class UnsupportedBodyTypeError extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BadRequestBodyError('Request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Reads and parses a JSON request body; undefined when the body is empty. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new BadRequestBodyError('Request body is not valid JSON');
  }
}

/**
 * The parameters of `POST [type]/_search`: an `application/x-www-form-urlencoded` body (FHIR R4
 * §3.1.0.11.1), or none at all. Any other body is refused rather than guessed at.
 */
export async function readSearchForm(req: IncomingMessage): Promise<URLSearchParams> {
  const body = await readBody(req);
  const mediaType = req.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') return new URLSearchParams(body.toString('utf8'));
  if (body.length === 0) return new URLSearchParams();
  throw new UnsupportedBodyTypeError('POST [type]/_search takes an application/x-www-form-urlencoded body');
}

/** Browser pages on other origins (the workbench) read this development server directly. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'location, etag, www-authenticate',
};

/** CORS preflight: answered before authentication, which preflight requests never carry. */
export function sendPreflight(res: ServerResponse): void {
  res.writeHead(204, {
    ...CORS_HEADERS,
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, accept, if-none-exist, if-match, prefer',
    'access-control-max-age': '600',
  });
  res.end();
}

export function sendFhirJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': FHIR_JSON,
    'content-length': Buffer.byteLength(text),
    ...CORS_HEADERS,
    ...headers,
  });
  res.end(text);
}

export function operationOutcome(
  severity: 'error' | 'fatal',
  code: OperationOutcome['issue'][number]['code'],
  text: string,
): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics: text }] };
}
