/** One HTTP request the service made to a FHIR server (no URL, query or body: they can hold patient ids). */
export interface FhirRequestEvent {
  /** The resource type searched or read, e.g. `Observation`. */
  readonly resourceType: string;
  /** The HTTP status, or why there was none. */
  readonly status: number | 'error' | 'timeout';
  readonly durationMs: number;
}

/** Called by the FHIR data layer once per request it makes; metrics subscribe, fetch code stays plain. */
export interface FhirRequestObserver {
  onFhirRequest(event: FhirRequestEvent): void;
}
