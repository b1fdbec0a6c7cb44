import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/program.js';
import type { FeedbackSummary } from '../src/cli/summarise-feedback.js';
import { loadConfig } from '../src/config/config.js';
import { StartupError } from '../src/errors.js';
import { createPostgresFeedbackStore } from '../src/feedback/postgres-feedback-store.js';
import { createDatabasePool } from '../src/feedback/postgres-pool.js';
import { projectRoot } from '../src/project-root.js';
import type { CdsCard } from '../src/protocol/cds-types.js';
import { startServer } from '../src/server.js';
import { bundleForNode } from './support/bundle-for-node.js';
import { expectOperationOutcome, hookRequest, hsgOrder } from './support/cds-requests.js';
import { startServiceProcess, type ServiceProcess } from './support/service-process.js';
import { signClientJwt } from './support/sign-jwt.js';
import { freePort, startTestPostgres, type TestPostgres } from './support/test-postgres.js';

/*
 * Two service processes on one PostgreSQL behave as one service: replay protection, feedback and the
 * report are shared; the database going away and coming back is ridden out without a restart.
 */

const root = projectRoot();
const bundleDir = join(root, 'test', 'artifacts', `replicas-${process.pid}`);
const main = join(bundleDir, 'main.mjs');
const BASE = 'https://cds.example.org';
const SIGN = '/cds-services/hsg-order-sign';
const PASSWORD = 'Replica-Secret-7f3kq9';

let postgres: TestPostgres;
let databaseUrl: string;
let dir: string;
let a: ServiceProcess;
let b: ServiceProcess;

const token = (path: string) => signClientJwt(`${BASE}${path}`);

async function send(
  replica: ServiceProcess,
  path: string,
  options: { body?: unknown; bearer?: string } = {},
): Promise<{ status: number; body: unknown; text: string; type: string }> {
  const bearer = options.bearer ?? (await token(path));
  const res = await fetch(`${replica.url}${path}`, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: text ? JSON.parse(text) : undefined,
    type: res.headers.get('content-type') ?? '',
  };
}

async function issueCards(replica: ServiceProcess): Promise<CdsCard[]> {
  const res = await send(replica, SIGN, { body: hookRequest('order-sign', [hsgOrder()]) });
  expect(res.status).toBe(200);
  const { cards } = res.body as { cards: CdsCard[] };
  expect(cards.length).toBeGreaterThan(0);
  return cards;
}

const overridden = (card: string, outcomeTimestamp = new Date().toISOString()) => ({
  card,
  outcome: 'overridden',
  overrideReason: {
    reason: { system: 'http://hsg-cds.org/fhir/CodeSystem/override-reason', code: 'benefit-outweighs-risk' },
  },
  outcomeTimestamp,
});

async function readyz(replica: ServiceProcess) {
  const res = await fetch(`${replica.url}/readyz`);
  return { status: res.status, text: await res.text() };
}

async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hsg-replicas-'));
  [postgres] = await Promise.all([
    startTestPostgres(PASSWORD),
    bundleForNode(join(root, 'src', 'main.ts'), main),
  ]);
  databaseUrl = await postgres.createDatabase('replicas');
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    PUBLIC_BASE_URL: BASE,
    CDS_TRUST_SANDBOX: 'true',
    DATABASE_URL: databaseUrl,
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
    FEEDBACK_DB: join(dir, 'must-not-exist.sqlite'),
  };
  // Started together: both migrate, under the advisory lock.
  [a, b] = await Promise.all([startServiceProcess(main, env), startServiceProcess(main, env)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await postgres?.destroy();
  rmSync(dir, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
});

describe('two replicas on one PostgreSQL database', () => {
  it('create no SQLite file and are ready, with the database check passing', async () => {
    expect(existsSync(join(dir, 'must-not-exist.sqlite'))).toBe(false);
    for (const replica of [a, b]) {
      const ready = await readyz(replica);
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.text)).toMatchObject({
        status: 'ready',
        checks: [{ name: 'knowledge' }, { name: 'database', ok: true }],
      });
    }
  });

  it('a token accepted by one replica is refused by the other', async () => {
    const first = await token('/cds-services');
    expect((await send(a, '/cds-services', { bearer: first })).status).toBe(200);
    expect((await send(b, '/cds-services', { bearer: first })).status).toBe(401);
    const second = await token('/cds-services');
    expect((await send(b, '/cds-services', { bearer: second })).status).toBe(200);
    expect((await send(a, '/cds-services', { bearer: second })).status).toBe(401);
  });

  it('feedback sent to both replicas is in one report', async () => {
    const [cardOnA] = await issueCards(a);
    const [cardOnB] = await issueCards(b);
    expect((await send(b, `${SIGN}/feedback`, { body: overridden(cardOnA!.uuid) })).body).toEqual({
      stored: 1,
    });
    expect((await send(a, `${SIGN}/feedback`, { body: overridden(cardOnB!.uuid) })).body).toEqual({
      stored: 1,
    });

    let out = '';
    const code = await runCli(
      ['node', 'hsg-cds', 'feedback-report', '--json'],
      { out: (t) => (out += t), err: () => undefined },
      {
        stdoutIsTty: false,
        defaultFeedbackDb: () => join(dir, 'must-not-exist.sqlite'),
        database: () => loadConfig({ DATABASE_URL: databaseUrl }).database,
        version: 'test',
      },
    );
    expect(code).toBe(0);
    const report = JSON.parse(out) as FeedbackSummary;
    expect(report.items).toBe(2);
    // Each card's topic is known, whichever replica issued it and whichever received the feedback.
    const topics = report.topics.map((t) => t.topic);
    expect(topics).toEqual(
      expect.arrayContaining([cardOnA!.source.topic?.code, cardOnB!.source.topic?.code]),
    );
  });

  it('200 feedback posts spread over both replicas: none lost, none duplicated, resends change nothing', async () => {
    const stamp = new Date().toISOString();
    const items = Array.from({ length: 200 }, (_, i) => overridden(`load-${i}`, stamp));
    const post = async (i: number, offset: number) => {
      const replica = (i + offset) % 2 === 0 ? a : b;
      const res = await send(replica, `${SIGN}/feedback`, { body: items[i] });
      expect(res.status).toBe(200);
      return (res.body as { stored: number }).stored;
    };
    const postAll = async (offset: number) => {
      let stored = 0;
      for (let i = 0; i < items.length; i += 20) {
        const batch = await Promise.all(Array.from({ length: 20 }, (_, k) => post(i + k, offset)));
        stored += batch.reduce((sum, n) => sum + n, 0);
      }
      return stored;
    };
    expect(await postAll(0)).toBe(200);
    // Each item again, to the other replica this time.
    expect(await postAll(1)).toBe(0);

    const pool = createDatabasePool(
      { url: databaseUrl, poolMax: 1, connectTimeoutMs: 2000, migrateOnStart: false },
      { warn: () => undefined },
    );
    try {
      const rows = await createPostgresFeedbackStore({
        db: pool,
        url: databaseUrl,
        logger: { warn: () => undefined },
      }).listFeedback();
      const load = rows.filter((row) => row.cardUuid.startsWith('load-')).map((row) => row.cardUuid);
      expect(load).toHaveLength(200);
      expect(new Set(load).size).toBe(200);
    } finally {
      await pool.end();
    }
  }, 60_000);

  it('ride out the database stopping and starting again, without a restart', async () => {
    const [card] = await issueCards(a);
    await postgres.stop();

    // Hook calls keep answering with cards; replay protection falls back to each replica's memory.
    const hookToken = await token(SIGN);
    const during = await send(a, SIGN, { body: hookRequest('order-sign', [hsgOrder()]), bearer: hookToken });
    expect(during.status).toBe(200);
    expect((during.body as { cards: CdsCard[] }).cards.length).toBeGreaterThan(0);
    expect(
      (await send(a, SIGN, { body: hookRequest('order-sign', [hsgOrder()]), bearer: hookToken })).status,
    ).toBe(401);
    expect((await issueCards(b)).length).toBeGreaterThan(0);

    // Feedback is never acknowledged unless stored.
    const refused = await send(b, `${SIGN}/feedback`, { body: overridden(card!.uuid) });
    expect(refused.status).toBe(503);
    expect(refused.type).toContain('application/fhir+json');
    expectOperationOutcome(refused.body);
    expect(refused.text).toMatch(/unavailable/);

    for (const replica of [a, b]) {
      const ready = await readyz(replica);
      // Reported, but the replica stays in the load balancer: it still answers hook calls.
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.text)).toMatchObject({ status: 'degraded', failing: ['database'] });
      expect(ready.text).not.toContain(PASSWORD);
    }
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(Number(/^hsg_cds_replay_cache_fallback_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);

    await postgres.start();
    const stored = await eventually(
      () => send(b, `${SIGN}/feedback`, { body: overridden(card!.uuid) }),
      (res) => res.status === 200,
    );
    expect(stored.body).toEqual({ stored: 1 });
    for (const replica of [a, b]) {
      expect(
        (
          await eventually(
            () => readyz(replica),
            (r) => r.status === 200 && r.text.includes('"ready"'),
          )
        ).text,
      ).toContain('"status":"ready"');
    }
    // Shared again: a token one replica accepted is refused by the other.
    const shared = await eventually(
      async () => {
        const bearer = await token('/cds-services');
        return [
          (await send(a, '/cds-services', { bearer })).status,
          (await send(b, '/cds-services', { bearer })).status,
        ];
      },
      ([first, second]) => first === 200 && second === 401,
    );
    expect(shared).toEqual([200, 401]);
    expect(a.alive() && b.alive()).toBe(true);
  }, 90_000);

  it('never write the database password in their logs, and log the fallback at warn', () => {
    for (const replica of [a, b]) {
      const output = replica.output();
      expect(output).toContain('hsg-cds listening');
      expect(output).not.toContain(PASSWORD);
      expect(output).not.toContain(encodeURIComponent(PASSWORD));
    }
    const lines = (a.output() + b.output())
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.some((l) => l.level === 40 && /replay protection falls back/.test(l.msg))).toBe(true);
    expect(lines.some((l) => l.level === 40 && /feedback refused/.test(l.msg))).toBe(true);
  });
});

describe('start-up in the PostgreSQL mode', () => {
  it('an unreachable database stops start-up with a one-line error that hides the password', async () => {
    const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${await freePort()}/postgres`;
    const starting = startServer(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: url,
        DATABASE_CONNECT_TIMEOUT_MS: '500',
      }),
    );
    const error = (await starting.catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(StartupError);
    expect(error.message).toMatch(/^database not usable at start-up: .*ECONNREFUSED/);
    expect(error.message).not.toContain(PASSWORD);
  });
});
