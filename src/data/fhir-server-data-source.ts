import type { FhirResource } from 'fhir/r4.js';
import { renderPrefetchTemplate } from '../protocol/prefetch-template.js';
import type { CdsRequest } from '../protocol/cds-types.js';
import {
  readResource,
  searchPages,
  type FhirConnection,
  type FhirReadOptions,
  type FhirReadProblem,
  type FhirReadResult,
  type FhirRequestEvent,
} from './fhir-search.js';
import { DEFAULT_FHIR_MAX_RESOURCES_PER_CATEGORY, DEFAULT_FHIR_MAX_RESPONSE_BYTES } from './fhir-limits.js';
import {
  CATEGORY_RESOURCE_TYPE,
  normalisePendingOrders,
  normaliseRecord,
  type GatheredResources,
} from './normalise-record.js';
import type {
  DataOrigin,
  FetchCategory,
  GatheredData,
  GatherInput,
  PatientDataSource,
  PrefetchPlanEntry,
} from './patient-data-source.js';
import { readPrefetchValue } from './read-prefetch.js';

export interface FhirDataSourceOptions {
  /** Timeout of each FHIR request. */
  readonly timeoutMs: number;
  /** Overall budget for all FHIR requests of one hook call. */
  readonly budgetMs: number;
  readonly pageCap: number;
  /** The most bytes one FHIR response may bring (cut off while streaming). */
  readonly maxResponseBytes?: number;
  /** The most resources kept per category, over all pages. */
  readonly maxResourcesPerCategory?: number;
  /** Search page size asked of the server in fallback queries. */
  readonly pageSize?: number;
  readonly onFhirRequest?: (event: FhirRequestEvent) => void;
}

type KeyResult =
  | { readonly kind: 'prefetch'; readonly resources: FhirResource[] }
  | {
      readonly kind: 'fetched';
      readonly resources: FhirResource[];
      readonly problem: FhirReadProblem | undefined;
      readonly usedPrefetch: boolean;
    }
  | { readonly kind: 'unavailable'; readonly problem: FhirReadProblem }
  /** context-only key that was not sent: not fetched, not needed */
  | { readonly kind: 'skipped' };

/** One connection per hook call: it holds this call's access token and nothing else does. */
function connectionFor(request: CdsRequest): FhirConnection {
  return { baseUrl: request.fhirServer!, accessToken: request.fhirAuthorization?.access_token || undefined };
}

/** What the card says: the fixed code first (it is also in the log line), then plain words. */
function describeProblem(problem: FhirReadProblem): string {
  return `${problem.code}: ${problem.text}`;
}

/** Fallback queries add the page size the 2.0 prefetch subset leaves to the server. */
function fallbackQuery(entry: PrefetchPlanEntry, request: CdsRequest, pageSize: number): string | undefined {
  const rendered = renderPrefetchTemplate(entry.template, request.context);
  if (!rendered || !rendered.includes('?')) return rendered;
  return `${rendered}&_count=${pageSize}`;
}

function combineSignals(signals: (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));
}

/**
 * Patient data from prefetch first and the EHR's FHIR server for the rest: absent keys and keys the
 * EHR could not fill (OperationOutcome) are fetched, paginated prefetch is completed, `null` is
 * trusted as "no data". All fetches run in parallel under one time budget; what cannot be had is
 * reported, never silently dropped.
 */
export function createFhirDataSource(options: FhirDataSourceOptions): PatientDataSource {
  const pageSize = options.pageSize ?? 200;
  return {
    async gather({ request, plan, signal }: GatherInput): Promise<GatheredData> {
      // Started by the first FHIR request: a call answered from prefetch sets no timer.
      let budget: AbortSignal | undefined;
      let connection: FhirConnection | undefined;
      let requests = 0;
      const readOptions = (entry: PrefetchPlanEntry): FhirReadOptions => {
        connection ??= connectionFor(request);
        budget ??= AbortSignal.timeout(options.budgetMs);
        return {
          connection,
          resourceType: CATEGORY_RESOURCE_TYPE[entry.category],
          pageCap: options.pageCap,
          maxResponseBytes: options.maxResponseBytes ?? DEFAULT_FHIR_MAX_RESPONSE_BYTES,
          maxResources: options.maxResourcesPerCategory ?? DEFAULT_FHIR_MAX_RESOURCES_PER_CATEGORY,
          signal: combineSignals([budget, signal]),
          timeoutMs: options.timeoutMs,
          onRequest: (event) => {
            requests++;
            options.onFhirRequest?.(event);
          },
        };
      };
      const fetchEntry = async (entry: PrefetchPlanEntry): Promise<KeyResult> => {
        const outcome = readPrefetchValue(request.prefetch, entry.key);
        if (outcome.status === 'no-data') return { kind: 'prefetch', resources: [] };
        if (outcome.status === 'present' && !outcome.nextUrl)
          return { kind: 'prefetch', resources: outcome.resources };
        if (!entry.requiredByRules) {
          return outcome.status === 'present'
            ? { kind: 'prefetch', resources: outcome.resources }
            : { kind: 'skipped' };
        }
        if (!request.fhirServer) {
          const why =
            outcome.status === 'present'
              ? 'was paginated'
              : outcome.status === 'absent'
                ? 'was not sent'
                : `was ${outcome.status}`;
          return {
            kind: 'unavailable',
            problem: {
              code: 'no-fhir-server',
              text: `prefetch '${entry.key}' ${why} and there is no fhirServer to ask`,
            },
          };
        }
        let result: FhirReadResult;
        if (outcome.status === 'present') {
          result = await searchPages(readOptions(entry), {
            resources: outcome.resources,
            next: outcome.nextUrl!,
          });
        } else {
          const query = fallbackQuery(entry, request, pageSize);
          if (!query)
            return {
              kind: 'unavailable',
              problem: {
                code: 'no-context',
                text: `the '${entry.key}' query needs context the request does not have`,
              },
            };
          result = query.includes('?')
            ? await searchPages(readOptions(entry), query)
            : await readResource(readOptions(entry), query);
        }
        return {
          kind: 'fetched',
          resources: result.resources,
          problem: result.problem,
          usedPrefetch: outcome.status === 'present',
        };
      };

      const results = await Promise.all(plan.map(async (entry) => [entry, await fetchEntry(entry)] as const));
      const gathered: GatheredResources = {};
      const unavailable = new Map<FetchCategory, string>();
      const unavailableReasons = new Map<FetchCategory, string>();
      const markUnavailable = (category: FetchCategory, problem: FhirReadProblem) => {
        unavailable.set(category, describeProblem(problem));
        unavailableReasons.set(category, problem.code);
      };
      let fromPrefetch = 0;
      let fromServer = 0;
      for (const [entry, result] of results) {
        if (result.kind === 'skipped') continue;
        if (result.kind === 'unavailable') {
          markUnavailable(entry.category, result.problem);
          continue;
        }
        gathered[entry.category] = result.resources;
        if (result.kind === 'prefetch' || result.usedPrefetch) fromPrefetch++;
        if (result.kind === 'fetched') {
          fromServer++;
          if (result.problem) markUnavailable(entry.category, result.problem);
        }
      }
      const origin: DataOrigin =
        fromPrefetch > 0 && fromServer > 0
          ? 'mixed'
          : fromServer > 0
            ? 'fhir-server'
            : fromPrefetch > 0
              ? 'prefetch'
              : 'none';
      const { patientId } = request.context;
      const pendingOrders = normalisePendingOrders(patientId, gathered, unavailable, plan);
      return {
        record: normaliseRecord(patientId, gathered, unavailable, plan),
        ...(pendingOrders ? { pendingOrders } : {}),
        origin,
        fhirRequests: requests,
        prefetchHits: fromPrefetch,
        unavailableReasons,
      };
    },
  };
}
