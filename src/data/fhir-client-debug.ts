import createDebug from 'debug';

/**
 * fhir-kit-client's debug namespaces. With them on, the library prints each request's URL (search
 * parameters carry the patient id) and the body of each failed response to stderr. It also prints request
 * headers, which come out empty in 2.0.3 only because they are a `Headers` object there.
 */
const FHIR_CLIENT_NAMESPACES = ['fhir-kit-client:info', 'fhir-kit-client:error'] as const;

/**
 * Turns fhir-kit-client's debug output off when `DEBUG` turned it on, and keeps every other namespace
 * on. Returns true when it had been on, so start-up can say that it was turned off.
 */
export function silenceFhirClientDebug(): boolean {
  if (!FHIR_CLIENT_NAMESPACES.some((namespace) => createDebug.enabled(namespace))) return false;
  const enabled = createDebug.disable();
  createDebug.enable(`${enabled},-fhir-kit-client:*`);
  return true;
}
