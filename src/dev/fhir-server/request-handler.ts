import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildCapabilityStatement } from './capability-statement.js';
import { isHttpMethod, runFhirRequest } from './fhir-engine.js';
import type { FhirEngine } from './fhir-engine.js';
import {
  BadRequestBodyError,
  operationOutcome,
  readJsonBody,
  readSearchForm,
  sendFhirJson,
  sendPreflight,
  UnsupportedBodyTypeError,
} from './http-io.js';
import { checkAuthorization, classifyRequest } from './recorded-request.js';
import type { RecordedRequest } from './recorded-request.js';
import { completeSearchBundle, isBundle } from './search-bundle.js';
import { InvalidSearchError, prepareSearch } from './search-query.js';

export const FHIR_BASE_PATH = '/fhir/R4';

/** Everything one server's request handler needs; each server has its own. */
export interface HandlerContext {
  readonly engine: FhirEngine;
  readonly baseUrl: string;
  readonly bearerToken: string | undefined;
  /** Undefined when requests are not recorded (a long-running demo server). */
  readonly requests: RecordedRequest[] | undefined;
  readonly defaultPageSize: number;
  readonly startedAt: Date;
}

export async function handleHttpRequest(
  ctx: HandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    await routeRequest(ctx, req, res);
  } catch (err) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err instanceof BadRequestBodyError || err instanceof InvalidSearchError) {
      sendFhirJson(res, 400, operationOutcome('error', 'invalid', err.message));
    } else if (err instanceof UnsupportedBodyTypeError) {
      sendFhirJson(res, 415, operationOutcome('error', 'not-supported', err.message));
    } else {
      sendFhirJson(res, 500, operationOutcome('fatal', 'exception', 'Internal server error'));
    }
  }
}

async function routeRequest(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fhir.invalid');
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') return sendPreflight(res);
  const segments = segmentsBelowBase(url.pathname);
  const kind = classifyRequest(method, segments ?? []);
  const auth = checkAuthorization(req.headers.authorization, ctx.bearerToken);
  ctx.requests?.push({
    method,
    path: url.pathname,
    query: url.search.slice(1),
    ...kind,
    authorizationPresent: auth.present,
    authorizationMatched: auth.matched,
  });

  if (ctx.bearerToken !== undefined && !auth.matched) {
    const outcome = operationOutcome('error', 'login', 'Missing or invalid bearer token');
    return sendFhirJson(res, 401, outcome, { 'www-authenticate': 'Bearer' });
  }
  if (!segments)
    return sendFhirJson(res, 404, operationOutcome('error', 'not-found', `Not under ${FHIR_BASE_PATH}`));
  if (!isHttpMethod(method))
    return sendFhirJson(res, 405, operationOutcome('error', 'not-supported', method));
  if (kind.interaction === 'metadata') {
    const statement = buildCapabilityStatement(ctx.baseUrl, ctx.startedAt, ctx.bearerToken !== undefined);
    return sendFhirJson(res, 200, statement);
  }
  if (method === 'GET' && kind.interaction === 'search' && kind.resourceType) {
    return sendSearch(ctx, res, kind.resourceType, url.searchParams);
  }
  if (method === 'POST' && kind.interaction === 'search' && kind.resourceType) {
    // Parameters may be in the URL and the body at once; together they are one search.
    const form = await readSearchForm(req);
    const query = new URLSearchParams([...url.searchParams, ...form]);
    return sendSearch(ctx, res, kind.resourceType, query);
  }
  const body = await readJsonBody(req);
  const result = await runFhirRequest(ctx.engine, {
    method,
    url: segments.join('/') + url.search,
    body,
    headers: req.headers,
  });
  sendFhirJson(res, result.status, result.body);
}

async function sendSearch(
  ctx: HandlerContext,
  res: ServerResponse,
  resourceType: string,
  query: URLSearchParams,
): Promise<void> {
  const search = prepareSearch(resourceType, query, defaultPageSizeOf(ctx, resourceType));
  const result = await runFhirRequest(ctx.engine, {
    method: 'GET',
    url: `${resourceType}?${search.query.toString()}`,
  });
  const body =
    result.status === 200 && isBundle(result.body)
      ? completeSearchBundle(result.body, ctx.baseUrl, resourceType, search)
      : result.body;
  sendFhirJson(res, result.status, body);
}

/**
 * Patient searches without `_count` get one large page: EHR-like clients that list patients read only
 * the first page (the CDS Hooks sandbox's patient picker follows no next link).
 */
export const PATIENT_PAGE_SIZE = 500;

function defaultPageSizeOf(ctx: HandlerContext, resourceType: string): number {
  return resourceType === 'Patient' ? Math.max(ctx.defaultPageSize, PATIENT_PAGE_SIZE) : ctx.defaultPageSize;
}

/** Path segments below the FHIR base path, or undefined for paths outside it. */
function segmentsBelowBase(pathname: string): string[] | undefined {
  if (pathname !== FHIR_BASE_PATH && !pathname.startsWith(FHIR_BASE_PATH + '/')) return undefined;
  return pathname.slice(FHIR_BASE_PATH.length).split('/').filter(Boolean);
}
