import type { Bundle, FhirResource } from 'fhir/r4.js';
import type { PrefetchValue } from '../protocol/cds-types.js';
import { nextLink } from './fhir-search.js';

/** What one prefetch key held, in CDS Hooks 2.0 terms. */
export type PrefetchOutcome =
  | { readonly status: 'absent' }
  /** null: the EHR has no data for this template */
  | { readonly status: 'no-data' }
  /** the EHR's query failed (an OperationOutcome, alone or inside the Bundle) */
  | { readonly status: 'failed' }
  | { readonly status: 'malformed' }
  | { readonly status: 'present'; readonly resources: FhirResource[]; readonly nextUrl: string | undefined };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Pre-1.0 clients wrapped values as {response, resource}: unwrap that envelope. */
function unwrapLegacy(value: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(value);
  if (keys.length === 2 && 'response' in value && isObject(value.resource)) return value.resource;
  return value;
}

export function readPrefetchValue(
  prefetch: Readonly<Record<string, PrefetchValue>> | undefined,
  key: string,
): PrefetchOutcome {
  if (!prefetch || !Object.prototype.hasOwnProperty.call(prefetch, key)) return { status: 'absent' };
  const raw: unknown = prefetch[key];
  if (raw === null) return { status: 'no-data' };
  if (!isObject(raw)) return { status: 'malformed' };
  const value = unwrapLegacy(raw);
  if (value.resourceType === 'OperationOutcome') return { status: 'failed' };
  if (value.resourceType !== 'Bundle') {
    return typeof value.resourceType === 'string'
      ? { status: 'present', resources: [value as unknown as FhirResource], nextUrl: undefined }
      : { status: 'malformed' };
  }
  const bundle = value as unknown as Bundle;
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) return { status: 'malformed' };
  const resources: FhirResource[] = [];
  for (const entry of bundle.entry ?? []) {
    if (!isObject(entry)) continue;
    const resource = entry.resource as unknown;
    if (!isObject(resource) || typeof resource.resourceType !== 'string') continue;
    if (resource.resourceType === 'OperationOutcome') {
      // A search Bundle may carry warnings as OperationOutcome entries (search.mode = outcome).
      if ((entry as { search?: { mode?: string } }).search?.mode === 'outcome') continue;
      return { status: 'failed' };
    }
    resources.push(resource as unknown as FhirResource);
  }
  return { status: 'present', resources, nextUrl: nextLink(bundle) };
}
