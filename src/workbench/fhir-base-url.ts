/** Where `npm run demo` and the dev FHIR server (FHIR_PORT 8080) serve the synthetic patients. */
export const DEFAULT_WORKBENCH_FHIR_SERVER = 'http://127.0.0.1:8080/fhir/R4';

/**
 * A FHIR base URL the workbench will use, or undefined: absolute http(s), without credentials, query or
 * fragment (the service refuses those as `fhirServer`), trailing slashes removed. Shared by the router
 * (to build the page's Content-Security-Policy) and the page (to talk to the server).
 */
export function parseFhirBaseUrl(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined;
  return url.href.replace(/\/+$/, '');
}
