/**
 * Defaults of what one hook call may bring in from a FHIR server (FHIR_MAX_RESPONSE_BYTES,
 * FHIR_MAX_RESOURCES_PER_CATEGORY). A typical record is a few hundred resources in well under 1 MiB;
 * the caps are far above that and far below what would strain the process when several calls meet a
 * server that answers without end.
 */
export const DEFAULT_FHIR_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_FHIR_MAX_RESOURCES_PER_CATEGORY = 10_000;
