import type { DataCategory } from '../rules/types.js';
import { normaliseRecord, type GatheredResources } from './normalise-record.js';
import type { GatheredData, GatherInput, PatientDataSource } from './patient-data-source.js';
import { readPrefetchValue } from './read-prefetch.js';

/** Reads only what the EHR prefetched; what it did not send is reported as unavailable. */
export function createPrefetchOnlyDataSource(): PatientDataSource {
  return {
    async gather({ request, plan }: GatherInput): Promise<GatheredData> {
      const gathered: GatheredResources = {};
      const unavailable = new Map<DataCategory, string>();
      let hits = 0;
      for (const entry of plan) {
        const outcome = readPrefetchValue(request.prefetch, entry.key);
        if (outcome.status === 'present' && !outcome.nextUrl) {
          gathered[entry.category] = outcome.resources;
          hits++;
        } else if (outcome.status === 'no-data') {
          gathered[entry.category] = [];
          hits++;
        } else {
          unavailable.set(entry.category, `prefetch '${entry.key}' was ${outcome.status === 'present' ? 'paginated' : outcome.status}`);
        }
      }
      return {
        record: normaliseRecord(request.context.patientId, gathered, unavailable),
        origin: hits > 0 ? 'prefetch' : 'none',
        fhirRequests: 0,
        prefetchHits: hits,
      };
    },
  };
}
