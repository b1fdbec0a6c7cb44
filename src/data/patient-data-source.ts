import type { FhirResource } from 'fhir/r4.js';
import type { CdsRequest } from '../protocol/cds-types.js';
import type { DataCategory, PatientRecord } from '../rules/types.js';

/**
 * What a plan entry fetches: a category of the rules' record, or `pending-orders`, the orders waiting in
 * the chart that patient-view screens (they are the orders to screen, not part of the record).
 */
export type FetchCategory = DataCategory | 'pending-orders';

/** One prefetch key: its template as advertised in discovery and the category of data it feeds. */
export interface PrefetchPlanEntry {
  readonly key: string;
  /** The resource type it holds is CATEGORY_RESOURCE_TYPE[category]. */
  readonly category: FetchCategory;
  /** e.g. `Observation?patient={{context.patientId}}&code=…` */
  readonly template: string;
  /**
   * Whether the rules need this category: if so, a key the EHR did not fill is fetched from the FHIR
   * server, and reported as unavailable when it cannot be had. Context-only keys are used when sent.
   */
  readonly requiredByRules: boolean;
  /**
   * What the template's filters ask for (e.g. its code list). A client may send more than it was
   * asked for; such resources are dropped rather than trusted, which also keeps the rules' input small.
   */
  readonly accepts?: (resource: FhirResource) => boolean;
}

export interface GatherInput {
  readonly request: CdsRequest;
  readonly plan: readonly PrefetchPlanEntry[];
  readonly signal?: AbortSignal;
}

export type DataOrigin = 'prefetch' | 'fhir-server' | 'mixed' | 'none';

/** What a plan's `pending-orders` entry found, for this patient and as its query asked. */
export interface PendingOrders {
  readonly resources: readonly FhirResource[];
  /** Why they could not all be had (then `resources` is incomplete or empty). */
  readonly problem: string | undefined;
}

export interface GatheredData {
  readonly record: PatientRecord;
  /** Present when the plan has a `pending-orders` entry. */
  readonly pendingOrders?: PendingOrders;
  readonly origin: DataOrigin;
  /** HTTP requests made to the FHIR server for this call. */
  readonly fhirRequests: number;
  /** Prefetch keys that were usable as sent. */
  readonly prefetchHits: number;
  /**
   * Category → a fixed reason code for each category in `record.unavailable` (`timeout`, `redirected`,
   * `too-large`, `http-500` …): words safe for the log line, where the card's text would not fit.
   */
  readonly unavailableReasons: ReadonlyMap<FetchCategory, string>;
}

/** The one interface through which the rules' data arrives: from prefetch, the FHIR server, or both. */
export interface PatientDataSource {
  gather(input: GatherInput): Promise<GatheredData>;
}
