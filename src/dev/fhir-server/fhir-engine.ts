import type { IncomingHttpHeaders } from 'node:http';
import { getStatus } from '@medplum/core';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { HttpMethod } from '@medplum/fhir-router';
import type { Bundle } from 'fhir/r4.js';
import { isBundle } from './search-bundle.js';

const HTTP_METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** One server's FHIR engine: a router and the repository that only this server uses. */
export interface FhirEngine {
  readonly router: FhirRouter;
  readonly repo: MemoryRepository;
}

export interface EngineRequest {
  readonly method: HttpMethod;
  /** Path below the base URL plus any query string, e.g. `Observation?code=x` (no leading slash). */
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: IncomingHttpHeaders;
}

export interface EngineResponse {
  readonly status: number;
  readonly body: unknown;
}

export function isHttpMethod(method: string): method is HttpMethod {
  return HTTP_METHODS.some((m) => m === method);
}

export function createFhirEngine(): FhirEngine {
  return { router: new FhirRouter(), repo: new MemoryRepository() };
}

export async function runFhirRequest(engine: FhirEngine, request: EngineRequest): Promise<EngineResponse> {
  // The router rejects requests that set `pathname`; it parses `url` (query string included) itself.
  const [outcome, resource] = await engine.router.handleRequest(
    {
      method: request.method,
      url: request.url,
      pathname: '',
      params: {},
      query: {},
      body: request.body,
      headers: request.headers,
    },
    engine.repo,
  );
  const response = { status: getStatus(outcome), body: resource ?? outcome };
  return transactionFailure(request.body, response.body) ?? response;
}

/**
 * Without `config.transactions` the router processes a transaction like a batch (its transaction mode
 * refuses more than 50 updates, which seeding large records needs). A failed entry is still reported
 * the way a transaction fails: 400 with that entry's outcome. Earlier entries stay applied, as
 * MemoryRepository cannot roll back.
 */
function transactionFailure(requestBody: unknown, responseBody: unknown): EngineResponse | undefined {
  if (!isBundle(requestBody) || requestBody.type !== 'transaction' || !isBundle(responseBody))
    return undefined;
  const failed = responseBody.entry?.find((e) => !e.response?.status?.startsWith('2'));
  if (!failed) return undefined;
  return { status: 400, body: failed.response?.outcome ?? { resourceType: 'OperationOutcome', issue: [] } };
}

/** Applies a transaction or batch Bundle, failing when the Bundle or any of its entries fails. */
export async function applyBundle(engine: FhirEngine, bundle: Bundle): Promise<void> {
  const response = await runFhirRequest(engine, { method: 'POST', url: '', body: bundle });
  if (response.status >= 300)
    throw new Error(`Seeding failed (${response.status}): ${describeOutcome(response.body)}`);
  const failed = isBundle(response.body)
    ? response.body.entry?.filter((e) => !e.response?.status?.startsWith('2'))
    : [];
  if (failed?.length) throw new Error(`Seeding failed for ${failed.length} batch entries`);
}

function describeOutcome(body: unknown): string {
  if (typeof body !== 'object' || body === null || !('issue' in body) || !Array.isArray(body.issue))
    return 'no outcome';
  return JSON.stringify(
    body.issue.map(
      (i: { details?: { text?: string }; diagnostics?: string }) => i.details?.text ?? i.diagnostics,
    ),
  );
}
