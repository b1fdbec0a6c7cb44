import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { CATEGORY_RESOURCE_TYPE } from '../data/normalise-record.js';
import type { PrefetchPlanEntry } from '../data/patient-data-source.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { HookCallObserver } from '../protocol/hook-call-record.js';
import { createDatabaseMetrics, type DatabaseObserver } from './database-metrics.js';
import { createFeedbackMetrics } from './feedback-metrics.js';
import type { FeedbackObserver } from './feedback-observer.js';
import { createFhirRequestMetrics } from './fhir-request-metrics.js';
import type { FhirRequestObserver } from './fhir-request-observer.js';
import { createHookCallMetrics } from './hook-call-metrics.js';
import { createLabelBounds } from './metric-labels.js';

/** The Prometheus metrics of one app: its own registry (never prom-client's global one) and its feeds. */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly hookCalls: HookCallObserver;
  readonly feedback: FeedbackObserver;
  /** Hand this to the FHIR-server data source. */
  readonly fhirRequests: FhirRequestObserver;
  /** The shared database's fallbacks (DATABASE_URL); never fed in the SQLite mode. */
  readonly database: DatabaseObserver;
}

export interface ServiceMetricsOptions {
  readonly knowledge: Knowledge;
  readonly plan: readonly PrefetchPlanEntry[];
  readonly serviceIds: readonly string[];
  /** Process metrics (CPU, memory, event loop, GC): on in the server, off in tests that build many apps. */
  readonly processMetrics: boolean;
}

export function createServiceMetrics(options: ServiceMetricsOptions): ServiceMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  // One series naming the knowledge release, so dashboards and incidents trace to it.
  new Gauge({
    name: 'hsg_cds_knowledge_release_info',
    help: 'The knowledge release the service runs (value 1)',
    labelNames: ['version', 'status'],
    registers: [registry],
  }).set({ version: options.knowledge.release.version, status: options.knowledge.release.status }, 1);
  const labels = createLabelBounds({
    knowledge: options.knowledge,
    serviceIds: options.serviceIds,
    resourceTypes: options.plan.map((entry) => CATEGORY_RESOURCE_TYPE[entry.category]),
  });
  return {
    registry,
    hookCalls: createHookCallMetrics(registry, labels, options.plan.length),
    feedback: createFeedbackMetrics(registry, labels),
    fhirRequests: createFhirRequestMetrics(registry, labels),
    database: createDatabaseMetrics(registry),
  };
}
