import { describe, expect, test } from '@jest/globals';
import { parseFhirBaseUrl } from './fhir-base-url.js';

describe('parseFhirBaseUrl', () => {
  test('accepts absolute http(s) URLs and drops trailing slashes', () => {
    expect(parseFhirBaseUrl('https://hapi.fhir.org/baseR4/')).toBe('https://hapi.fhir.org/baseR4');
    expect(parseFhirBaseUrl(' http://127.0.0.1:8080/fhir/R4 ')).toBe('http://127.0.0.1:8080/fhir/R4');
  });

  test('refuses what the service would refuse as fhirServer, and non-URLs', () => {
    for (const bad of [
      undefined,
      null,
      '',
      'fhir/R4',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://user:pass@x.example/fhir',
      'https://x.example/fhir?_format=json',
      'https://x.example/fhir#top',
    ]) {
      expect(parseFhirBaseUrl(bad)).toBeUndefined();
    }
  });
});
