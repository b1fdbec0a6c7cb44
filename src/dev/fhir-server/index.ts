export { startFhirServer } from './fhir-server.js';
export type { FhirServerOptions, FhirTestServer } from './fhir-server.js';
export type { RecordedRequest, FhirInteraction } from './recorded-request.js';
export { generateLargeRecord } from './large-record.js';
export { FHIR_BASE_PATH } from './request-handler.js';
export { readSeedBundles } from './seed-files.js';
