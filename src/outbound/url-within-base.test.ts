import { resolveWithinBase } from './url-within-base.js';

const BASE = 'https://ehr.example.org:8443/fhir/R4';

describe('resolveWithinBase: where a hook call’s FHIR requests may go', () => {
  it.each<[string, string, string]>([
    [
      'a relative search',
      'Observation?patient=p1&code=http://loinc.org|2106-3',
      `${BASE}/Observation?patient=p1&code=http://loinc.org|2106-3`,
    ],
    ['a relative read with a leading slash', '/Patient/p1', `${BASE}/Patient/p1`],
    [
      'an absolute next link',
      `${BASE}/Observation?_getpages=abc&_offset=200`,
      `${BASE}/Observation?_getpages=abc&_offset=200`,
    ],
    ['the base itself with a query', `${BASE}?_getpages=abc`, `${BASE}?_getpages=abc`],
    [
      'an uppercase scheme and host (the same server)',
      'HTTPS://EHR.EXAMPLE.ORG:8443/fhir/R4/Observation',
      `${BASE}/Observation`,
    ],
    ['the default port spelled out', 'https://ehr.example.org:443/x', 'https://ehr.example.org/x'],
    ['a fragment (dropped)', `${BASE}/Patient/p1#frag`, `${BASE}/Patient/p1`],
    [
      'a protocol-relative link (a path below the base, not another host)',
      '//evil.example.org/x',
      `${BASE}/evil.example.org/x`,
    ],
    [
      'dot segments that stay inside',
      `${BASE}/Observation/../Condition?patient=p1`,
      `${BASE}/Condition?patient=p1`,
    ],
  ])('accepts %s', (_name, target, expected) => {
    const base = expected.startsWith('https://ehr.example.org/') ? 'https://ehr.example.org/' : BASE;
    expect(resolveWithinBase(base, target)?.href).toBe(new URL(expected).href);
  });

  it.each<[string, string]>([
    ['dot segments', `${BASE}/../../admin/Observation`],
    ['a relative link climbing out', '../../admin/Observation'],
    ['encoded dot segments', `${BASE}/%2e%2e/%2E%2E/admin`],
    ['half-encoded dot segments', `${BASE}/.%2e/admin`],
    ['an encoded slash', `${BASE}/..%2f..%2fadmin`],
    ['an encoded backslash', `${BASE}/..%5C..%5Cadmin`],
    ['a backslash', `${BASE}\\..\\..\\admin`],
    ['a different port', 'https://ehr.example.org:9443/fhir/R4/Observation'],
    ['the default port instead of the base’s', 'https://ehr.example.org/fhir/R4/Observation'],
    ['another scheme', 'http://ehr.example.org:8443/fhir/R4/Observation'],
    ['another host', 'https://evil.example.org:8443/fhir/R4/Observation'],
    [
      'a host that only starts like the base’s',
      'https://ehr.example.org.evil.example:8443/fhir/R4/Observation',
    ],
    ['userinfo', 'https://user:pw@ehr.example.org:8443/fhir/R4/Observation'],
    ['userinfo hiding another host', 'https://ehr.example.org:8443@evil.example.org/fhir/R4/Observation'],
    ['an IPv6 literal', 'https://[::1]:8443/fhir/R4/Observation'],
    ['a base-path prefix without a boundary', `${BASE}evil/Observation`],
    ['an uppercase path', 'https://ehr.example.org:8443/FHIR/R4/Observation'],
    ['a non-http scheme', 'file:///etc/passwd'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['an unparsable URL', 'https://[not-ipv6/fhir'],
  ])('refuses %s', (_name, target) => {
    expect(resolveWithinBase(BASE, target)).toBeUndefined();
  });

  it('refuses everything when the base itself hides an encoded separator', () => {
    expect(resolveWithinBase('https://ehr.example.org/fhir/R4/..%2fadmin', 'Observation')).toBeUndefined();
  });

  it('an IPv4 base is matched by its IPv4 spelling only', () => {
    const base = 'http://127.0.0.1:8080/fhir';
    expect(resolveWithinBase(base, 'http://127.0.0.1:8080/fhir/Patient/p')?.href).toBe(
      'http://127.0.0.1:8080/fhir/Patient/p',
    );
    expect(resolveWithinBase(base, 'http://[::ffff:127.0.0.1]:8080/fhir/Patient/p')).toBeUndefined();
    expect(resolveWithinBase(base, 'http://2130706433:8080/fhir/Patient/p')?.host).toBe('127.0.0.1:8080');
  });
});
