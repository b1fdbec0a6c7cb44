import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { crdKeys } from './sign-jwt.js';

/**
 * Signing keys and trusted-clients entries of the EHR clients the fixtures in test/fixtures/ imitate (JWT
 * shapes: ../shared/reference/ehr-clients.md §1.5, §2, §3.2, §4.2). Keys are generated per run, except
 * Inferno's published test keys.
 */
export const BASE = 'https://cds.example.org';
const EPIC_ISS = 'https://ehr.example.org/interconnect-fhir-oauth/api/FHIR/R4';
const EPIC_JKU =
  'https://ehr.example.org/interconnect-fhir-oauth/api/epic/2019/Security/Open/PublicKeys/530013/530013';
const ORACLE_ISS = 'https://cds-hooks.cerner.com';
const INFERNO_ISS = 'https://inferno.healthit.gov/suites/custom/crd_client';
const SPEC3_ISS = 'https://spec3-client.example.org';

export interface ClientKey {
  readonly iss: string;
  readonly alg: 'RS384' | 'ES384';
  readonly privateKey: CryptoKey | JWK;
  readonly kid: string;
  readonly jku?: string;
  readonly sub?: string;
  readonly lifetime: number;
}

async function generated(alg: 'RS384' | 'ES384', kid: string) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { publicJwk: { ...(await exportJWK(publicKey)), kid, alg }, privateKey };
}

const epicKey = await generated('RS384', 'd3bmo5HzW61TUgikHZH+A8Tx4UOXz2iOs4KvVU4eLY0=');
const oracleKey = await generated('ES384', 'oracle-cds-2026');
const spec3Key = await generated('ES384', 'spec3-2026');
const [infernoEcPublic, infernoEcPrivate] = crdKeys() as [JWK, JWK];

export const CLIENTS: Record<string, ClientKey> = {
  epic: {
    iss: EPIC_ISS,
    alg: 'RS384',
    privateKey: epicKey.privateKey,
    kid: epicKey.publicJwk.kid,
    jku: EPIC_JKU,
    sub: 'aeac3da7-6481-45af-ad41-42e5e701141d',
    lifetime: 900,
  },
  oracle: {
    iss: ORACLE_ISS,
    alg: 'ES384',
    privateKey: oracleKey.privateKey,
    kid: oracleKey.publicJwk.kid,
    jku: 'https://authorization.cerner.com/jwk',
    lifetime: 300,
  },
  inferno: {
    iss: INFERNO_ISS,
    alg: 'ES384',
    privateKey: infernoEcPrivate,
    kid: infernoEcPrivate.kid!,
    lifetime: 300,
  },
  spec3: {
    iss: SPEC3_ISS,
    alg: 'ES384',
    privateKey: spec3Key.privateKey,
    kid: spec3Key.publicJwk.kid,
    lifetime: 300,
  },
};

export const trustedClients = {
  clients: [
    {
      iss: EPIC_ISS,
      jwks: { keys: [epicKey.publicJwk] },
      cardProfile: 'epic',
      fhirServers: ['https://ehr.example.org/interconnect-fhir-oauth/api/FHIR'],
    },
    {
      iss: ORACLE_ISS,
      jwks: { keys: [oracleKey.publicJwk] },
      cardProfile: 'oracle',
      fhirServers: ['https://fhir-ehr.cerner.com/r4'],
    },
    {
      iss: INFERNO_ISS,
      jwks: { keys: [infernoEcPublic] },
      fhirServers: ['https://inferno.healthit.gov/reference-server/r4'],
    },
    {
      iss: SPEC3_ISS,
      jwks: { keys: [spec3Key.publicJwk] },
      fhirServers: ['https://fhir.spec3.example.org/r4'],
    },
  ],
};

let jti = 0;
export async function tokenFor(client: ClientKey, aud: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  jti += 1;
  const key = 'kty' in client.privateKey ? await importJWK(client.privateKey, client.alg) : client.privateKey;
  return new SignJWT({
    iss: client.iss,
    aud,
    iat: now,
    exp: now + client.lifetime,
    jti: `fixture-${jti}-${now}`,
    ...(client.sub ? { sub: client.sub, nbf: now - 300 } : {}),
  })
    .setProtectedHeader({
      alg: client.alg,
      typ: 'JWT',
      kid: client.kid,
      ...(client.jku ? { jku: client.jku } : {}),
    })
    .sign(key);
}
