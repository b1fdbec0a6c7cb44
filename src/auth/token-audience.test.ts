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
