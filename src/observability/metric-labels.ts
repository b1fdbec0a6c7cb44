import { FINDING_KIND_SYSTEM, OVERRIDE_REASON_SYSTEM } from '../knowledge/canonical.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import { flattenConcepts } from '../knowledge/load-knowledge.js';
import type { CdsCoding } from '../protocol/cds-types.js';
import type { FhirRequestStatus } from '../data/fhir-search.js';

/**
 * Maps raw values to label values from fixed sets, so that no request can create new time series:
 * service ids, topic codes and override reasons come from what the service itself defines.
 */
export interface LabelBounds {
  service(id: string): string;
  topic(code: string | undefined): string;
  indicator(value: string): string;
  overrideReason(reason: Partial<CdsCoding> | undefined): string;
  resourceType(type: string): string;
  status(status: FhirRequestStatus): string;
  dataOrigin(value: string | number | boolean | undefined): string;
}

export interface LabelBoundsOptions {
  readonly knowledge: Knowledge;
  readonly serviceIds: readonly string[];
  /** Resource types the service reads from FHIR servers (those of the prefetch plan). */
  readonly resourceTypes: readonly string[];
}

const INDICATORS = new Set(['info', 'warning', 'critical']);
const DATA_ORIGINS = new Set(['prefetch', 'fhir-server', 'mixed', 'none']);

function codesOf(knowledge: Knowledge, url: string): Set<string> {
  return new Set(flattenConcepts(knowledge.codeSystems.get(url)?.concept).map((c) => c.code));
}

function boundTo(allowed: ReadonlySet<string>, fallback: string): (value: string) => string {
  return (value) => (allowed.has(value) ? value : fallback);
}

export function createLabelBounds(options: LabelBoundsOptions): LabelBounds {
  const topics = codesOf(options.knowledge, FINDING_KIND_SYSTEM);
  const reasons = codesOf(options.knowledge, OVERRIDE_REASON_SYSTEM);
  const service = boundTo(new Set(options.serviceIds), 'unknown');
  const resourceType = boundTo(new Set(options.resourceTypes), 'other');
  return {
    service,
    topic: (code) => (code === undefined ? 'none' : topics.has(code) ? code : 'other'),
    indicator: boundTo(INDICATORS, 'other'),
    overrideReason(reason) {
      if (!reason?.code) return 'none';
      return reason.system === OVERRIDE_REASON_SYSTEM && reasons.has(reason.code) ? reason.code : 'other';
    },
    resourceType,
    status: (status) =>
      typeof status === 'string' ? status : status >= 100 && status <= 599 ? String(status) : 'other',
    dataOrigin: (value) => (typeof value === 'string' && DATA_ORIGINS.has(value) ? value : 'other'),
  };
}
