import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CdsCard, CdsFeedbackItem } from '../src/protocol/cds-types.js';
import { FeedbackStoreUnavailableError, type FeedbackStore } from '../src/feedback/feedback-store.js';
import { createPostgresFeedbackStore } from '../src/feedback/postgres-feedback-store.js';
import { applyMigrations, pendingMigrations, readMigrations } from '../src/feedback/postgres-migrations.js';
import { createDatabasePool } from '../src/feedback/postgres-pool.js';
import { openSqliteFeedbackStore } from '../src/feedback/sqlite-feedback-store.js';
import { runCli } from '../src/cli/program.js';
import { loadConfig } from '../src/config/config.js';
import { startTestPostgres, freePort, type TestPostgres } from './support/test-postgres.js';

/*
 * One contract, two stores: the SQLite file of a single process and the PostgreSQL database shared by
 * replicas must answer alike, so the rest of the service cannot tell which one it has.
 */

const OVERRIDE = 'http://hsg-cds.org/fhir/CodeSystem/override-reason';
const silent = { warn: () => undefined, info: () => undefined };

function card(uuid: string, topic: string): CdsCard {
  return {
    uuid,
    summary: 'A card',
    indicator: 'warning',
    source: {
      label: 'hsg-cds',
      topic: { system: 'http://hsg-cds.org/fhir/CodeSystem/finding-kind', code: topic },
    },
  };
}

function overridden(cardUuid: string, timestamp: string, comment?: string): CdsFeedbackItem {
  return {
    card: cardUuid,
    outcome: 'overridden',
    overrideReason: {
      reason: { system: OVERRIDE, code: 'benefit-outweighs-risk', display: 'Benefit outweighs risk' },
      ...(comment ? { userComment: comment } : {}),
    },
    outcomeTimestamp: timestamp,
  };
}

let postgres: TestPostgres;
let dir: string;
let databases = 0;
const pools: { end(): Promise<void> }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hsg-store-'));
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await postgres?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function freshPostgresUrl(): Promise<string> {
  databases += 1;
  return postgres.createDatabase(`contract_${databases}`);
}

function poolFor(url: string, connectTimeoutMs = 2000) {
  const pool = createDatabasePool({ url, poolMax: 4, connectTimeoutMs, migrateOnStart: true }, silent);
  pools.push(pool);
  return pool;
}

async function openPostgresStore(): Promise<FeedbackStore> {
  const url = await freshPostgresUrl();
  const pool = poolFor(url);
  await applyMigrations(pool);
  return createPostgresFeedbackStore({ db: pool, url, logger: silent });
}

describe.each([
  ['sqlite', () => Promise.resolve(openSqliteFeedbackStore(join(dir, `${Math.random()}.sqlite`)))],
  ['postgresql', openPostgresStore],
] as const)('the %s feedback store', (backend, open) => {
  let store: FeedbackStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('says which backend it is and that it can be written', async () => {
    expect(store.backend).toBe(backend);
    expect(await store.probe()).toEqual({ ok: true });
  });

  it('stores each item once, with the topic of the card issued here, and never the free-text comment', async () => {
    store.recordIssuedCards(
      'hsg-order-sign',
      'hook-1',
      [card('c-1', 'pregnancy'), card('c-2', 'contrast-allergy')],
      new Date(),
    );
    const items = [
      overridden('c-1', '2026-11-28T10:00:00Z', 'Jane Doe said so'),
      overridden('c-2', '2026-11-28T10:01:00Z'),
    ];
    const first = await store.saveFeedback('hsg-order-sign', [...items, items[0]!], new Date());
    expect(first.map((s) => [s.item.card, s.topic])).toEqual([
      ['c-1', 'pregnancy'],
      ['c-2', 'contrast-allergy'],
    ]);
    expect(await store.saveFeedback('hsg-order-sign', items, new Date())).toEqual([]);
    const unknown = await store.saveFeedback(
      'hsg-order-sign',
      [overridden('not-issued', '2026-11-28T10:02:00Z')],
      new Date(),
    );
    expect(unknown).toEqual([{ item: expect.objectContaining({ card: 'not-issued' }), topic: undefined }]);

    const rows = await store.listFeedback();
    expect(rows).toEqual([
      {
        serviceId: 'hsg-order-sign',
        cardUuid: 'c-1',
        outcome: 'overridden',
        topic: 'pregnancy',
        overrideReasonCode: 'benefit-outweighs-risk',
        overrideReasonDisplay: 'Benefit outweighs risk',
        acceptedSuggestions: 0,
        outcomeTimestamp: '2026-11-28T10:00:00Z',
      },
      expect.objectContaining({ cardUuid: 'c-2', topic: 'contrast-allergy' }),
      expect.objectContaining({ cardUuid: 'not-issued', topic: null }),
    ]);
    expect(JSON.stringify(rows)).not.toContain('Jane Doe');
  });

  it('counts accepted suggestions and lists from a date on', async () => {
    const accepted: CdsFeedbackItem = {
      card: 'c-9',
      outcome: 'accepted',
      acceptedSuggestions: [{ id: 's-1' }, { id: 's-2' }],
      outcomeTimestamp: '2026-12-01T08:00:00Z',
    };
    await store.saveFeedback(
      'hsg-order-select',
      [accepted, overridden('c-8', '2026-10-01T08:00:00Z')],
      new Date(),
    );
    expect(await store.listFeedback(new Date('2026-11-01T00:00:00Z'))).toEqual([
      expect.objectContaining({ cardUuid: 'c-9', outcome: 'accepted', acceptedSuggestions: 2, topic: null }),
    ]);
    expect(await store.listFeedback()).toHaveLength(2);
  });

  it('stores what any client may send, NUL characters included, and a repeat of it once', async () => {
    const odd: CdsFeedbackItem = {
      card: 'card\u0000x',
      outcome: 'accepted',
      acceptedSuggestions: [{ id: 's\u00001' }],
      overrideReason: { reason: { system: 'sys\u0000', code: 'c\u0000', display: 'd\u0000' } },
      outcomeTimestamp: '2026-11-28T10:00:00Z',
    };
    expect(await store.saveFeedback('hsg-order-sign', [odd], new Date())).toHaveLength(1);
    expect(await store.saveFeedback('hsg-order-sign', [odd], new Date())).toHaveLength(0);
    expect(await store.listFeedback()).toEqual([
      expect.objectContaining({ outcome: 'accepted', acceptedSuggestions: 1 }),
    ]);
  });

  it('stores concurrent repeats of the same items exactly once', async () => {
    const items = Array.from({ length: 20 }, (_, i) =>
      overridden(`c-${i}`, `2026-11-28T10:${String(i).padStart(2, '0')}:00Z`),
    );
    const results = await Promise.all(
      Array.from({ length: 5 }, () => store.saveFeedback('hsg-order-sign', items, new Date())),
    );
    expect(results.reduce((sum, added) => sum + added.length, 0)).toBe(20);
    expect(await store.listFeedback()).toHaveLength(20);
  });

  it('a card issued just before its feedback has its topic: the queued cards are written first', async () => {
    store.recordIssuedCards('hsg-order-sign', 'hook-2', [card('c-late', 'pregnancy')], new Date());
    await store.saveFeedback('hsg-order-sign', [overridden('c-late', '2026-11-28T11:00:00Z')], new Date());
    expect((await store.listFeedback())[0]?.topic).toBe('pregnancy');
  });
});

describe('PostgreSQL migrations', () => {
  it('replicas migrating together apply each migration once, under the advisory lock', async () => {
    const url = await freshPostgresUrl();
    const [a, b, c] = [poolFor(url), poolFor(url), poolFor(url)];
    const applied = await Promise.all([applyMigrations(a), applyMigrations(b), applyMigrations(c)]);
    const all = readMigrations().map((m) => m.version);
    expect(applied.flat().sort()).toEqual(all);
    expect(await pendingMigrations(a)).toEqual([]);
    const rows = await a.query<{ version: number }>('SELECT version FROM schema_migration ORDER BY version');
    expect(rows.rows.map((r) => r.version)).toEqual(all);
  });

  it('an empty database has every migration pending', async () => {
    const pool = poolFor(await freshPostgresUrl());
    expect((await pendingMigrations(pool)).map((m) => m.version)).toEqual(
      readMigrations().map((m) => m.version),
    );
  });
});

describe('the PostgreSQL store when the database cannot be reached', () => {
  it('refuses to save (never claims a write it did not make), reports it, and never shows the password', async () => {
    const url = `postgres://postgres:${encodeURIComponent(postgres.password)}@127.0.0.1:${await freePort()}/postgres`;
    const store = createPostgresFeedbackStore({ db: poolFor(url, 500), url, logger: silent });
    store.recordIssuedCards('hsg-order-sign', 'hook-1', [card('c-1', 'pregnancy')], new Date());
    const saving = store.saveFeedback(
      'hsg-order-sign',
      [overridden('c-1', '2026-11-28T10:00:00Z')],
      new Date(),
    );
    await expect(saving).rejects.toBeInstanceOf(FeedbackStoreUnavailableError);
    const error = (await saving.catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/unavailable/);
    expect(error.message).not.toContain(postgres.password);
    await expect(store.listFeedback()).rejects.toBeInstanceOf(FeedbackStoreUnavailableError);
    const probe = await store.probe();
    expect(probe).toEqual({ ok: false, detail: 'unavailable (ECONNREFUSED)' });
    await store.close();
  });
});

describe('hsg-cds migrate', () => {
  async function migrate(args: string[], databaseUrl: string | undefined) {
    let out = '';
    let err = '';
    const code = await runCli(
      ['node', 'hsg-cds', 'migrate', ...args],
      { out: (t) => (out += t), err: (t) => (err += t) },
      {
        stdoutIsTty: false,
        defaultFeedbackDb: () => ':memory:',
        database: () =>
          loadConfig(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_CONNECT_TIMEOUT_MS: '500' } : {})
            .database,
        version: 'test',
      },
    );
    return { code, out, err };
  }

  it('lists what is pending, applies it once, and then finds the schema up to date', async () => {
    const url = await freshPostgresUrl();
    expect(await migrate(['--check'], url)).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^pending 0001 /),
    });
    expect(await migrate([], url)).toMatchObject({ code: 0, out: expect.stringMatching(/^applied 0001/) });
    expect(await migrate([], url)).toMatchObject({ code: 0, out: 'the database schema is up to date' });
    expect(await migrate(['--check'], url)).toMatchObject({ code: 0 });
  });

  it('needs DATABASE_URL, and reports an unreachable database without its password', async () => {
    expect((await migrate([], undefined)).code).toBe(2);
    const url = `postgres://postgres:${encodeURIComponent(postgres.password)}@127.0.0.1:${await freePort()}/x`;
    const failed = await migrate([], url);
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/ECONNREFUSED/);
    expect(failed.err).not.toContain(postgres.password);
  });
});
