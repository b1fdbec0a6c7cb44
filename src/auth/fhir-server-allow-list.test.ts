import { describe, expect, test } from '@jest/globals';
import { ForbiddenFhirServerError } from '../errors.js';
import { checkFhirServerAllowed, type FhirServerCheckInput } from './fhir-server-allow-list.js';
import type { AuthenticatedClient, TrustedClient } from './trusted-client.js';

function caller(overrides: Partial<TrustedClient> = {}): AuthenticatedClient {
  const client: TrustedClient = {
    iss: 'https://ehr.example.org',
    jku: 'https://ehr.example.org/jwks.json',
    fhirServers: ['https://ehr.example.org/fhir/R4', 'https://ehr.example.org:8443/'],
    allowHttpFhir: false,
    anyFhirServer: false,
    source: 'file',
    ...overrides,
  };
  return { iss: client.iss, jti: 'j', kid: 'k', client };
}

function outcome(input: Partial<FhirServerCheckInput> & { fhirServer: string }): string {
  try {
    checkFhirServerAllowed({ client: caller(), authEnabled: true, production: true, ...input });
    return 'allowed';
  } catch (error) {
    if (error instanceof ForbiddenFhirServerError) {
      expect(error.status).toBe(403);
      return 'forbidden';
    }
    throw error;
  }
}

describe('checkFhirServerAllowed for an authenticated client', () => {
  test.each([
    ['the base URL itself', 'https://ehr.example.org/fhir/R4', 'allowed'],
    ['the base URL with a trailing slash', 'https://ehr.example.org/fhir/R4/', 'allowed'],
    ['a path below the base', 'https://ehr.example.org/fhir/R4/tenant-a', 'allowed'],
    ['the host in another case and the default port', 'https://EHR.example.org:443/fhir/R4', 'allowed'],
    ['any path on a base with the root path', 'https://ehr.example.org:8443/anything', 'allowed'],
    ['a prefix on a non-segment boundary', 'https://ehr.example.org/fhir/R4evil', 'forbidden'],
    ['a parent of the base', 'https://ehr.example.org/fhir', 'forbidden'],
    ['dot segments escaping the base', 'https://ehr.example.org/fhir/R4/../../admin', 'forbidden'],
    [
      'an encoded slash a server could decode',
      'https://ehr.example.org/fhir/R4/..%2f..%2fadmin',
      'forbidden',
    ],
    ['encoded dot segments', 'https://ehr.example.org/fhir/R4/%2e%2e/%2e%2e/admin', 'forbidden'],
    ['another host', 'https://evil.example.org/fhir/R4', 'forbidden'],
    ['a lookalike host', 'https://ehr.example.org.evil.example/fhir/R4', 'forbidden'],
    ['another port', 'https://ehr.example.org:444/fhir/R4', 'forbidden'],
    ['credentials in the URL', 'https://user:pw@ehr.example.org/fhir/R4', 'forbidden'],
    ['a query string', 'https://ehr.example.org/fhir/R4?x=1', 'forbidden'],
    ['http for an https base', 'http://ehr.example.org/fhir/R4', 'forbidden'],
    ['file:', 'file:///etc/passwd', 'forbidden'],
    ['ftp:', 'ftp://ehr.example.org/fhir/R4', 'forbidden'],
    ['data:', 'data:application/json,{}', 'forbidden'],
    ['javascript:', 'javascript:alert(1)', 'forbidden'],
    ['a relative URL', '/fhir/R4', 'forbidden'],
  ])('%s is %s', (_name, fhirServer, expected) => {
    expect(outcome({ fhirServer })).toBe(expected);
  });

  test('a client without fhirServers may not use any fhirServer', () => {
    const client = caller({ fhirServers: undefined });
    expect(outcome({ fhirServer: 'https://ehr.example.org/fhir/R4', client })).toBe('forbidden');
  });

  test('http is refused in production unless the entry sets allowHttpFhir', () => {
    const fhirServers = ['http://ehr.example.org/fhir/R4'];
    const fhirServer = 'http://ehr.example.org/fhir/R4/x';
    expect(outcome({ fhirServer, client: caller({ fhirServers }) })).toBe('forbidden');
    expect(outcome({ fhirServer, client: caller({ fhirServers, allowHttpFhir: true }) })).toBe('allowed');
    expect(outcome({ fhirServer, client: caller({ fhirServers }), production: false })).toBe('allowed');
  });

  test('the sandbox may use any http(s) server but never another scheme', () => {
    const client = caller({
      fhirServers: undefined,
      anyFhirServer: true,
      allowHttpFhir: true,
      source: 'sandbox',
    });
    const dev = { client, production: false };
    expect(outcome({ ...dev, fhirServer: 'https://launch.smarthealthit.org/v/r4/fhir' })).toBe('allowed');
    expect(outcome({ ...dev, fhirServer: 'http://localhost:8080/fhir' })).toBe('allowed');
    expect(outcome({ ...dev, fhirServer: 'file:///etc/passwd' })).toBe('forbidden');
  });
});

describe('checkFhirServerAllowed without an authenticated client', () => {
  const noAuth = { client: undefined, authEnabled: false, production: false };

  test.each([
    ['https', 'https://any.example.org/fhir', 'allowed'],
    ['http', 'http://localhost:8080/fhir', 'allowed'],
    ['file:', 'file:///etc/passwd', 'forbidden'],
    ['ftp:', 'ftp://files.example.org/', 'forbidden'],
    ['data:', 'data:text/plain,hi', 'forbidden'],
    ['javascript:', 'javascript:alert(1)', 'forbidden'],
    ['not a URL', 'not a url', 'forbidden'],
  ])('development without trust config: %s is %s', (_name, fhirServer, expected) => {
    expect(outcome({ ...noAuth, fhirServer })).toBe(expected);
  });

  test('with authentication on, a request without a client is refused', () => {
    expect(outcome({ fhirServer: 'https://ehr.example.org/fhir/R4', client: undefined })).toBe('forbidden');
  });

  test('production without a client still requires https', () => {
    expect(outcome({ ...noAuth, production: true, fhirServer: 'http://localhost/fhir' })).toBe('forbidden');
  });
});
