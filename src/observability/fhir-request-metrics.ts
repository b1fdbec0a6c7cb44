import { Counter, Histogram, type Registry } from 'prom-client';
import type { FhirRequestObserver } from './fhir-request-observer.js';
import type { LabelBounds } from './metric-labels.js';

const DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Duration and failures of the service's own requests to EHR FHIR servers, by resource type. */
export function createFhirRequestMetrics(registry: Registry, labels: LabelBounds): FhirRequestObserver {
  const duration = new Histogram({
    name: 'hsg_cds_fhir_request_duration_seconds',
    help: 'Duration of requests to FHIR servers, by resource type and HTTP status (or error, timeout, redirected, too-large)',
    labelNames: ['resource_type', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'hsg_cds_fhir_request_errors_total',
    help: 'Failed requests to FHIR servers, by resource type and reason (HTTP status >= 400, error, timeout, redirected, too-large)',
    labelNames: ['resource_type', 'reason'] as const,
    registers: [registry],
  });
  return {
    onFhirRequest({ resourceType, status, durationMs }) {
      const resource_type = labels.resourceType(resourceType);
      const statusLabel = labels.status(status);
      duration.observe({ resource_type, status: statusLabel }, durationMs / 1000);
      if (typeof status !== 'number' || status >= 400) errors.inc({ resource_type, reason: statusLabel });
    },
  };
}
