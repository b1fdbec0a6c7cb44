import { describe, expect, test } from '@jest/globals';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { loadConfig } from '../config/config.js';
import { AuthenticationError } from './authentication-error.js';
import { createClientAuthenticator } from './client-authenticator.js';
import { loadTrustConfig } from './load-trust-config.js';

const BASE = 'https://cds.example.org';
const SERVICE_PATH = '/cds-services/hsg-order-select';
const NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0);
const NOW_S = NOW_MS / 1000;
/** Epic: `iss` is the organisation's FHIR base; `jku` its PublicKeys endpoint (EPIC-TUT, ehr-clients.md §1.5). */
const EPIC_ISS = 'https://ehr.example.org/interconnect-fhir-oauth/api/FHIR/R4';
const EPIC_JKU =
  'https://ehr.example.org/interconnect-fhir-oauth/api/epic/2019/Security/Open/PublicKeys/530013/530013';
/** Epic's kid is a standard-base64 thumbprint with `+`, `/` and `=` (EPIC-TUT). */
const EPIC_KID = 'd3bmo5HzW61TUgikHZH+A8Tx4UOXz2iOs4/KvVU4eLY0=';

async function rsaKey(kid: string): Promise<{ publicJwk: JWK; privateKey: CryptoKey }> {
  const { publicKey, privateKey } = await generateKeyPair('RS384', { extractable: true });
  return { publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS384' }, privateKey };
}

const pinned = await rsaKey(EPIC_KID);
const rotated = await rsaKey('rotated-key-2027');

let jti = 0;
function epicToken(options: { claims?: JWTPayload; header?: Record<string, unknown>; key?: CryptoKey } = {}) {
  jti += 1;
  return new SignJWT({
    iss: EPIC_ISS,
    aud: `${BASE}${SERVICE_PATH}`,
    sub: 'aeac3da7-6481-45af-ad41-42e5e701141d',
    iat: NOW_S,
    nbf: NOW_S - 300,
    exp: NOW_S + 900,
    jti: `epic-${jti}`,
    ...options.claims,
  })
    .setProtectedHeader({ alg: 'RS384', typ: 'JWT', kid: EPIC_KID, jku: EPIC_JKU, ...options.header })
    .sign(options.key ?? pinned.privateKey);
}

function authenticatorFor(client: Record<string, unknown>) {
  const fetched: string[] = [];
  const trust = loadTrustConfig(loadConfig({ CDS_TRUSTED_CLIENTS: 'c.json' }), () =>
    JSON.stringify({ clients: [{ iss: EPIC_ISS, ...client }] }),
  );
  const auth = createClientAuthenticator({
    trust,
    publicBaseUrl: BASE,
    clockSkewSeconds: 60,
    now: () => NOW_MS,
    fetchJwks: (url) => {
      fetched.push(url);
      return Promise.resolve({ keys: [rotated.publicJwk] });
    },
  });
  const reasonFor = async (token: string): Promise<string> => {
    try {
      await auth.authenticate({ authorization: `Bearer ${token}`, path: SERVICE_PATH });
      return 'accepted';
    } catch (error) {
      if (error instanceof AuthenticationError) return error.reason;
      throw error;
    }
  };
  return { reasonFor, fetched };
}

describe('a key pinned inline verifies its issuer whatever jku the token names', () => {
  test('an Epic-style token (RS384, base64 kid, nbf 5 min back, sub, 15-min life) naming an unconfigured jku', async () => {
    const { reasonFor, fetched } = authenticatorFor({ jwks: { keys: [pinned.publicJwk] } });
    expect(await reasonFor(await epicToken())).toBe('accepted');
    expect(fetched).toEqual([]);
  });

  test('a pinned key wins even when the header names another jku than the allow-listed one', async () => {
    const { reasonFor, fetched } = authenticatorFor({
      jwks: { keys: [pinned.publicJwk] },
      jku: 'https://keys.example.org/jwks.json',
    });
    expect(await reasonFor(await epicToken())).toBe('accepted');
    expect(fetched).toEqual([]);
  });

  test('a kid that is not pinned is fetched only from the allow-listed jku', async () => {
    const { reasonFor, fetched } = authenticatorFor({ jwks: { keys: [pinned.publicJwk] }, jku: EPIC_JKU });
    const token = await epicToken({ header: { kid: 'rotated-key-2027' }, key: rotated.privateKey });
    expect(await reasonFor(token)).toBe('accepted');
    expect(fetched).toEqual([EPIC_JKU]);
  });

  test('a kid that is not pinned with a jku that is not allow-listed is refused and nothing is fetched', async () => {
    const { reasonFor, fetched } = authenticatorFor({ jwks: { keys: [pinned.publicJwk] } });
    const token = await epicToken({ header: { kid: 'rotated-key-2027' }, key: rotated.privateKey });
    expect(await reasonFor(token)).toBe('jku not allow-listed for this iss');
    expect(fetched).toEqual([]);
  });

  test('a token signed by another key under the pinned kid is refused', async () => {
    const { reasonFor } = authenticatorFor({ jwks: { keys: [pinned.publicJwk] } });
    expect(await reasonFor(await epicToken({ key: rotated.privateKey }))).toBe(
      'verification failed (ERR_JWS_SIGNATURE_VERIFICATION_FAILED)',
    );
  });

  test('an Epic token whose nbf is still ahead beyond the skew is refused', async () => {
    const { reasonFor } = authenticatorFor({ jwks: { keys: [pinned.publicJwk] } });
    expect(await reasonFor(await epicToken({ claims: { nbf: NOW_S + 120 } }))).toBe(
      'claim nbf invalid (check_failed)',
    );
  });
});

describe('aud arrays (Epic sets aud by configuration)', () => {
  const gateway = 'https://gateway.example.org/hsg/cds-services/hsg-order-select';
  test.each([
    ['the endpoint among others', ['urn:epic:cec.cde', `${BASE}${SERVICE_PATH}`], 'accepted'],
    ["the client's configured audience among others", ['urn:epic:cec.cde', gateway], 'accepted'],
    ['none of them', ['urn:epic:cec.cde', `${BASE}/cds-services/other`], 'aud does not match the endpoint'],
    ['an empty array', [], 'aud does not match the endpoint'],
  ])('%s', async (_name, aud, expected) => {
    const { reasonFor } = authenticatorFor({ jwks: { keys: [pinned.publicJwk] }, audiences: [gateway] });
    expect(await reasonFor(await epicToken({ claims: { aud } }))).toBe(expected);
  });
});
