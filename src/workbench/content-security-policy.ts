/**
 * The page's Content-Security-Policy: scripts, styles and images from the service only, and fetches to
 * the service plus the FHIR servers the page was opened for. Replaces helmet's default for this route,
 * whose `upgrade-insecure-requests` would turn the page's calls to an http FHIR server into https.
 */
export function buildWorkbenchCsp(fhirBaseUrls: readonly string[]): string {
  const origins = [...new Set(fhirBaseUrls.map((url) => new URL(url).origin))];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...origins].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
