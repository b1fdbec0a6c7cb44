import type { FhirRequestEvent } from '../data/fhir-search.js';

/** Called by the FHIR data layer once per request it makes; metrics subscribe, fetch code stays plain. */
export interface FhirRequestObserver {
  onFhirRequest(event: FhirRequestEvent): void;
}
