import { describe, expect, test } from '@jest/globals';
import { loadConfig } from '../config/config.js';
import { StartupError } from '../errors.js';
import { AUTH_DISABLED_WARNING, loadTrustConfig } from './load-trust-config.js';
import { SANDBOX_ISS } from './sandbox-client.js';

const EC_KEY = {
  kty: 'EC',
  crv: 'P-384',
  kid: 'k1',
  alg: 'ES384',
  x: 'dw_JGR8nB2I6XveNxUOl2qk699ZPLM2nYI5STSdiEl9avAkrm3CkfYMbrrjr8laB',
  y: 'Sm3mLE-n1zYNla_aiE3cb3nZsL51RbC7ysw3q8aJLxGm-hx79RPMYpITDjp7kgzy',
};

const validFile = {
  clients: [
    {
      iss: 'https://ehr.example.org',
      jwks: { keys: [EC_KEY] },
      jku: 'https://ehr.example.org/jwks.json',
      tenants: ['t1'],
      audiences: ['https://cds.example.org/cds-services/hsg-order-sign'],
      maxTokenLifetimeSeconds: 900,
      fhirServers: ['https://ehr.example.org/fhir/R4'],
      allowHttpFhir: false,
    },
    { iss: 'https://other-ehr.example.org', jku: 'https://other-ehr.example.org/keys' },
  ],
};

function load(env: Record<string, string>, file: unknown = validFile) {
  const readFile = (path: string) => {
    if (path !== 'clients.json') throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return typeof file === 'string' ? file : JSON.stringify(file);
  };
  return loadTrustConfig(loadConfig(env), readFile);
}

function startupErrorOf(fn: () => unknown): StartupError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StartupError) return error;
    throw error;
  }
  throw new Error('expected a StartupError');
}

describe('loadTrustConfig', () => {
  test('a valid file loads every client and turns authentication on', () => {
    const trust = load({ CDS_TRUSTED_CLIENTS: 'clients.json' });
    expect(trust.authEnabled).toBe(true);
    expect(trust.warning).toBeUndefined();
    expect(trust.clients.map((c) => [c.iss, c.source, c.allowHttpFhir])).toEqual([
      ['https://ehr.example.org', 'file', false],
      ['https://other-ehr.example.org', 'file', false],
    ]);
    expect(trust.clients[0]).toMatchObject({
      tenants: ['t1'],
      maxTokenLifetimeSeconds: 900,
      anyFhirServer: false,
    });
  });

  test('cardProfile is standard unless the entry names epic or oracle', () => {
    const file = {
      clients: [
        { ...validFile.clients[0], cardProfile: 'epic' },
        { iss: 'https://oracle.example.org', jku: 'https://oracle.example.org/jwk', cardProfile: 'oracle' },
        validFile.clients[1],
      ],
    };
    const trust = load({ CDS_TRUSTED_CLIENTS: 'clients.json' }, file);
    expect(trust.clients.map((c) => c.cardProfile)).toEqual(['epic', 'oracle', 'standard']);
  });

  test('the same file loads in production', () => {
    expect(load({ NODE_ENV: 'production', CDS_TRUSTED_CLIENTS: 'clients.json' }).clients).toHaveLength(2);
  });

  test('trustSandbox adds the sandbox with its published key and any fhirServer', () => {
    const trust = load({ CDS_TRUST_SANDBOX: 'true' });
    expect(trust.authEnabled).toBe(true);
    expect(trust.clients).toHaveLength(1);
    expect(trust.clients[0]).toMatchObject({ iss: SANDBOX_ISS, anyFhirServer: true, source: 'sandbox' });
    expect(trust.clients[0]?.jwks?.keys[0]?.kid).toBe('44823f3d-0b01-4a6c-a80e-b9d3e8a7226f');
  });

  test('development with no trusted client turns authentication off with a warning', () => {
    const trust = load({});
    expect(trust).toEqual({ clients: [], authEnabled: false, warning: AUTH_DISABLED_WARNING });
  });

  test('production without a trusted-clients file refuses to start', () => {
    expect(startupErrorOf(() => load({ NODE_ENV: 'production' })).message).toMatch(
      /^CDS_TRUSTED_CLIENTS must name a trusted-clients file when NODE_ENV=production/,
    );
  });

  test('production with trustSandbox refuses to start', () => {
    const error = startupErrorOf(() =>
      load({ NODE_ENV: 'production', CDS_TRUSTED_CLIENTS: 'clients.json', CDS_TRUST_SANDBOX: 'true' }),
    );
    expect(error.message).toMatch(/^CDS_TRUST_SANDBOX=true is refused when NODE_ENV=production/);
  });

  const client = validFile.clients[0];
  test.each<[string, unknown, string]>([
    ['unreadable file', undefined, 'cannot be read as JSON: ENOENT'],
    ['not JSON', '{"clients": [', 'cannot be read as JSON'],
    ['no clients array', {}, 'is invalid: clients is required'],
    [
      'unknown top-level property',
      { clients: [], extra: 1 },
      "is invalid: (body) has unknown property 'extra'",
    ],
    [
      'client without keys',
      { clients: [{ iss: 'https://x.example.org' }] },
      'is invalid: clients[0] needs "jwks" or "jku"',
    ],
    [
      'misspelt property',
      { clients: [{ ...client, fhirServer: [] }] },
      "clients[0] has unknown property 'fhirServer'",
    ],
    [
      'non-http fhirServers entry',
      { clients: [{ ...client, fhirServers: ['file:///etc'] }] },
      'clients[0].fhirServers[0]',
    ],
    ['jku not a URL', { clients: [{ ...client, jku: 'keys.json' }] }, 'clients[0].jku'],
    [
      'private key in jwks',
      { clients: [{ ...client, jwks: { keys: [{ ...EC_KEY, d: 'secret' }] } }] },
      'clients[0].jwks.keys[0] must be a public key',
    ],
    [
      'symmetric key',
      { clients: [{ ...client, jwks: { keys: [{ kty: 'oct', kid: 'h', k: 'c2VjcmV0' }] } }] },
      'clients[0].jwks.keys[0] must be a public key',
    ],
    [
      'string lifetime',
      { clients: [{ ...client, maxTokenLifetimeSeconds: '900' }] },
      'clients[0].maxTokenLifetimeSeconds',
    ],
    [
      'unknown cardProfile',
      { clients: [{ ...client, cardProfile: 'meditech' }] },
      'clients[0].cardProfile must be one of ["standard","epic","oracle"]',
    ],
    [
      'duplicate iss',
      { clients: [client, client] },
      'Trusted client iss "https://ehr.example.org" is configured twice',
    ],
  ])('%s gives a one-line StartupError naming the file and the path', (_name, file, expected) => {
    const error = startupErrorOf(() =>
      load({ CDS_TRUSTED_CLIENTS: file === undefined ? 'missing.json' : 'clients.json' }, file),
    );
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain('\n');
    if (!expected.startsWith('Trusted client iss'))
      expect(error.message).toMatch(/^Trusted-clients file \S+\.json /);
  });

  test('a file client with the sandbox iss conflicts with trustSandbox', () => {
    const file = { clients: [{ ...client, iss: SANDBOX_ISS }] };
    const error = startupErrorOf(() =>
      load({ CDS_TRUSTED_CLIENTS: 'clients.json', CDS_TRUST_SANDBOX: 'true' }, file),
    );
    expect(error.message).toContain('also added by CDS_TRUST_SANDBOX');
  });

  test.each([
    [
      'an http jku',
      { ...client, jku: 'http://ehr.example.org/jwks.json' },
      'clients[0].jku must be https in production',
    ],
    [
      'an http fhirServer without allowHttpFhir',
      { ...client, fhirServers: ['https://a.example.org/fhir', 'http://ehr.example.org/fhir'] },
      'clients[0].fhirServers[1] is http but allowHttpFhir is not true',
    ],
  ])('production refuses %s', (_name, entry, expected) => {
    const env = { NODE_ENV: 'production', CDS_TRUSTED_CLIENTS: 'clients.json' };
    expect(startupErrorOf(() => load(env, { clients: [entry] })).message).toContain(expected);
    expect(load({ CDS_TRUSTED_CLIENTS: 'clients.json' }, { clients: [entry] }).clients).toHaveLength(1);
  });
});
