import { describe, expect, test } from '@jest/globals';
import { buildWorkbenchCsp } from './content-security-policy.js';

describe('buildWorkbenchCsp', () => {
  test('allows only the service for scripts, styles and images, and connections to each FHIR origin once', () => {
    const csp = buildWorkbenchCsp([
      'http://localhost:8080/fhir/R4',
      'http://localhost:8080/other',
      'https://hapi.fhir.org/baseR4',
    ]);
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self' http://localhost:8080 https://hapi.fhir.org",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
  });
});
