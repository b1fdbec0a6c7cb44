import { describe, expect, test } from '@jest/globals';
import { expectedAudiences, normalizeAudience } from './token-audience.js';

describe('expectedAudiences', () => {
  test.each([
    ['https://cds.example.org', '/cds-services', ['https://cds.example.org/cds-services']],
    ['https://cds.example.org/', '/cds-services/', ['https://cds.example.org/cds-services']],
    ['https://cds.example.org', '/cds-services/svc', ['https://cds.example.org/cds-services/svc']],
    [
      'https://cds.example.org',
      '/cds-services/svc/feedback',
      ['https://cds.example.org/cds-services/svc/feedback', 'https://cds.example.org/cds-services/svc'],
    ],
    ['https://cds.example.org', '/cds-services/svc?x=1', ['https://cds.example.org/cds-services/svc']],
    ['https://example.org/hsg', '/cds-services/svc', ['https://example.org/hsg/cds-services/svc']],
    ['https://example.org/hsg', '/hsg/cds-services/svc', ['https://example.org/hsg/cds-services/svc']],
  ])('%s + %s', (base, path, expected) => {
    expect(expectedAudiences(base, path)).toEqual(expected);
  });
});

describe('expectedAudiences with a loopback port (development without PUBLIC_BASE_URL)', () => {
  test('adds the endpoint through localhost, 127.0.0.1 and [::1] on that port', () => {
    expect(expectedAudiences('http://localhost:3000', '/cds-services/svc/feedback', 4000)).toEqual([
      'http://localhost:3000/cds-services/svc/feedback',
      'http://localhost:3000/cds-services/svc',
      'http://localhost:4000/cds-services/svc/feedback',
      'http://localhost:4000/cds-services/svc',
      'http://127.0.0.1:4000/cds-services/svc/feedback',
      'http://127.0.0.1:4000/cds-services/svc',
      'http://[::1]:4000/cds-services/svc/feedback',
      'http://[::1]:4000/cds-services/svc',
    ]);
  });
});

describe('normalizeAudience', () => {
  test('ignores host case, default port and trailing slashes', () => {
    expect(normalizeAudience('https://CDS.example.org:443/cds-services/')).toBe(
      'https://cds.example.org/cds-services',
    );
  });

  test('keeps a non-URL value as given', () => {
    expect(normalizeAudience('urn:example:aud')).toBe('urn:example:aud');
    expect(normalizeAudience('not a url')).toBe('not a url');
  });
});
