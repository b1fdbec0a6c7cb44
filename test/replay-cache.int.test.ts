import { createPostgresReplayCache, type ReplayFallbackEvent } from '../src/auth/postgres-replay-cache.js';
import { createReplayCache, type ReplayCache } from '../src/auth/replay-cache.js';
import { applyMigrations } from '../src/feedback/postgres-migrations.js';
import { createDatabasePool } from '../src/feedback/postgres-pool.js';
import { freePort, startTestPostgres, type TestPostgres } from './support/test-postgres.js';

const silent = { warn: () => undefined };
let postgres: TestPostgres;
let url: string;
const closers: (() => unknown)[] = [];

beforeAll(async () => {
  postgres = await startTestPostgres();
  url = await postgres.createDatabase('replay');
  const pool = openPool(url);
  await applyMigrations(pool);
});
afterAll(async () => {
  for (const close of closers) await close();
  await postgres?.destroy();
});

function openPool(databaseUrl: string, connectTimeoutMs = 2000) {
  const pool = createDatabasePool(
    { url: databaseUrl, poolMax: 2, connectTimeoutMs, migrateOnStart: true },
    silent,
  );
  closers.push(() => pool.end());
  return pool;
}

function postgresCache(
  options: { databaseUrl?: string; onFallback?: (e: ReplayFallbackEvent) => void; clock?: () => number } = {},
) {
  const cache = createPostgresReplayCache({
    db: openPool(options.databaseUrl ?? url, 500),
    onFallback: options.onFallback ?? (() => undefined),
    clock: options.clock,
  });
  closers.unshift(() => cache.stop());
  return cache;
}

let keys = 0;
const freshKey = () => `https://ehr.example.org\u0000jti-${(keys += 1)}-${Math.random()}`;

describe.each([
  ['in memory', (): ReplayCache => createReplayCache(100)],
  ['in PostgreSQL', (): ReplayCache => postgresCache()],
])('the replay cache %s', (_name, create) => {
  it('refuses a key while its token is live and accepts it again after expiry', async () => {
    const cache = create();
    const key = freshKey();
    expect(await cache.remember(key, 1000, 0)).toBe(true);
    expect(await cache.remember(key, 1000, 999)).toBe(false);
    expect(await cache.remember(key, 3000, 1000)).toBe(true);
    expect(await cache.remember(key, 3000, 2000)).toBe(false);
  });
});

describe('the PostgreSQL replay cache shared by replicas', () => {
  it('a token accepted by one replica is refused by another, once, however many race', async () => {
    const [a, b] = [postgresCache(), postgresCache()];
    const key = freshKey();
    expect(await a.remember(key, Date.now() + 60_000, Date.now())).toBe(true);
    expect(await b.remember(key, Date.now() + 60_000, Date.now())).toBe(false);

    const raced = freshKey();
    const replicas = [a, b, postgresCache(), postgresCache()];
    const answers = await Promise.all(
      replicas.map((r) => r.remember(raced, Date.now() + 60_000, Date.now())),
    );
    expect(answers.filter(Boolean)).toHaveLength(1);
  });

  it('calls arriving together share statements, and each gets its own answer', async () => {
    const [a, b] = [postgresCache(), postgresCache()];
    const batch = Array.from({ length: 50 }, freshKey);
    const live = Date.now() + 60_000;
    const first = await Promise.all(batch.map((key) => a.remember(key, live, Date.now())));
    expect(first.every(Boolean)).toBe(true);
    const mixed = [...batch.slice(0, 25), ...Array.from({ length: 25 }, freshKey)];
    const second = await Promise.all(mixed.map((key) => b.remember(key, live, Date.now())));
    expect(second).toEqual([...Array<boolean>(25).fill(false), ...Array<boolean>(25).fill(true)]);
  });

  it('purges expired rows in the background task', async () => {
    let now = 1_000_000;
    const cache = postgresCache({ clock: () => now });
    const key = freshKey();
    await cache.remember(key, now + 10, now);
    now += 20;
    expect(await cache.purgeExpired()).toBeGreaterThanOrEqual(1);
  });

  it("falls back to the replica's memory when the database is unreachable, and says so each time", async () => {
    const events: ReplayFallbackEvent[] = [];
    const unreachable = `postgres://postgres:${encodeURIComponent(postgres.password)}@127.0.0.1:${await freePort()}/replay`;
    const cache = postgresCache({ databaseUrl: unreachable, onFallback: (e) => events.push(e) });
    const key = freshKey();
    expect(await cache.remember(key, Date.now() + 60_000, Date.now())).toBe(true);
    // Still refused on this replica: its memory has it.
    expect(await cache.remember(key, Date.now() + 60_000, Date.now())).toBe(false);
    expect(await cache.remember(freshKey(), Date.now() + 60_000, Date.now())).toBe(true);
    expect(events.map((e) => e.cause)).toEqual(['error', 'waiting']);
    expect(await cache.purgeExpired()).toBe(0);
  });
});
