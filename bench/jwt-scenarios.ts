import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import pg from 'pg';
import { startTestPostgres } from '../test/support/test-postgres.js';
import { forkChildServer, type ChildServer } from './child-server.js';
import { SIGN_PATH } from './hook-calls.js';
import { combineRounds, measureRun, type Measurement } from './measure.js';
import { TYPICAL_RECORD } from './records.js';
import { typicalPrefetchBody, type ScenarioContext, type ScenarioMeasurement } from './scenarios.js';
import { resourceCount } from './hook-calls.js';

const ISS = 'https://ehr.bench.example.org';
const KID = 'bench-es256';
const PUBLIC_BASE_URL = 'https://cds.bench.example.org';

/**
 * Signs a fresh ES256 token per call, synchronously (autocannon's setupRequest cannot wait): about
 * 0.05 ms in the load generator, the same for both scenarios.
 */
function tokenSigner(privateKey: KeyObject): () => string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'ES256', typ: 'JWT', kid: KID });
  const aud = PUBLIC_BASE_URL + SIGN_PATH;
  return () => {
    const iat = Math.floor(Date.now() / 1000);
    const input = `${header}.${encode({ iss: ISS, aud, iat, exp: iat + 300, jti: randomUUID() })}`;
    const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  };
}

function requestsWithFreshTokens(body: string, nextToken: () => string): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path: SIGN_PATH,
      body,
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => ({
        ...request,
        headers: { ...request.headers, authorization: `Bearer ${nextToken()}` },
      }),
    },
  ];
}

async function call(url: string, body: string, token: string): Promise<number> {
  const res = await fetch(url + SIGN_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Before the load: a fresh token answers 200, the same token again 401 (so replay protection is on). */
async function checkReplayRefused(service: ChildServer, body: string, nextToken: () => string) {
  const token = nextToken();
  const statuses = [await call(service.url, body, token), await call(service.url, body, token)];
  if (statuses[0] !== 200 || statuses[1] !== 401)
    throw new Error(`expected 200 then 401 for a replayed token, got ${statuses.join(', ')}`);
}

async function fallbacksOf(service: ChildServer): Promise<number> {
  const metrics = await (await fetch(`${service.url}/metrics`)).text();
  return Number(/^hsg_cds_replay_cache_fallback_total (\d+)/m.exec(metrics)?.[1] ?? 'NaN');
}

/**
 * (5) JWT checking on, one replica, typical record through prefetch: the jti replay cache in the
 * replica's memory against the same in PostgreSQL (a local embedded server, its own processes), in
 * alternating rounds. Every call carries a fresh token, so every call is one insert in the database.
 */
export async function runJwtReplayScenarios(ctx: ScenarioContext): Promise<ScenarioMeasurement[]> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const clientsFile = join(ctx.workDir, 'bench-trusted-clients.json');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'ES256', use: 'sig' };
  writeFileSync(clientsFile, JSON.stringify({ clients: [{ iss: ISS, jwks: { keys: [jwk] } }] }));
  const nextToken = tokenSigner(privateKey);
  const body = typicalPrefetchBody(ctx);
  const env = { ...ctx.serviceEnv, CDS_TRUSTED_CLIENTS: clientsFile, PUBLIC_BASE_URL };

  const postgres = await startTestPostgres();
  const started: ChildServer[] = [];
  try {
    const databaseUrl = await postgres.createDatabase('bench');
    const memory = await forkChildServer({ type: 'start', role: 'service', env }, ctx.fork);
    started.push(memory);
    const shared = await forkChildServer(
      { type: 'start', role: 'service', env: { ...env, DATABASE_URL: databaseUrl } },
      ctx.fork,
    );
    started.push(shared);
    for (const service of started) await checkReplayRefused(service, body, nextToken);

    const shape = { connections: ctx.options.connections, durationSeconds: ctx.options.durationSeconds };
    const warm = { ...shape, durationSeconds: ctx.options.warmupSeconds };
    const requests = requestsWithFreshTokens(body, nextToken);
    for (const service of started) await measureRun(service, service.url + SIGN_PATH, requests, warm);
    const memoryRounds: Measurement[] = [];
    const sharedRounds: Measurement[] = [];
    for (let round = 0; round < ctx.options.rounds; round++) {
      const runMemory = async () =>
        memoryRounds.push(await measureRun(memory, memory.url + SIGN_PATH, requests, shape));
      const runShared = async () =>
        sharedRounds.push(await measureRun(shared, shared.url + SIGN_PATH, requests, shape));
      if (round % 2 === 0) await runMemory().then(runShared);
      else await runShared().then(runMemory);
    }

    // Every answered call of the PostgreSQL scenario left its row: the database really decided.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const rows = Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM replay_jti')).rows[0]?.n,
    );
    await client.end();
    const answered = sharedRounds.reduce((n, m) => n + m.completed, 0);
    if (rows < answered) throw new Error(`only ${rows} jti rows for ${answered} answered calls`);
    const fallbacks = await fallbacksOf(shared);
    if (fallbacks !== 0) throw new Error(`${fallbacks} tokens fell back to memory during the benchmark`);

    const common = {
      bodyBytes: Buffer.byteLength(body),
      recordResources: resourceCount(TYPICAL_RECORD),
      topics: [],
    };
    return [
      {
        id: 'jwt-memory',
        title: '(5) (2) with JWT checking (ES256), jti replay cache in memory',
        ...common,
        load: combineRounds(memoryRounds),
        rounds: memoryRounds,
      },
      {
        id: 'jwt-postgres',
        title: '(5) (2) with JWT checking (ES256), jti replay cache in PostgreSQL',
        ...common,
        load: combineRounds(sharedRounds),
        rounds: sharedRounds,
      },
    ];
  } finally {
    for (const service of started) await service.stop();
    await postgres.destroy();
  }
}
