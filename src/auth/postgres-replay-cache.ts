import { createHash } from 'node:crypto';
import { createReplayCache, type ReplayCache } from './replay-cache.js';

/** The one query the cache needs: pg's Pool fits. */
export interface ReplayDatabase {
  query(config: {
    name?: string;
    text: string;
    values?: unknown[];
  }): Promise<{ rowCount: number | null; rows: { token_key?: unknown }[] }>;
}

export interface ReplayFallbackEvent {
  /** 'error': the database failed this check; 'waiting': skipped while the database is known to be down. */
  readonly cause: 'error' | 'waiting';
  readonly error?: unknown;
}

export interface PostgresReplayCacheOptions {
  readonly db: ReplayDatabase;
  /** Called for each token checked in this replica's memory only because the database is unavailable. */
  readonly onFallback: (event: ReplayFallbackEvent) => void;
  /** Called once when the database answers again after a fallback. */
  readonly onRecovered?: () => void;
  /** After a failure, tokens are checked in memory only this long before the database is tried again. */
  readonly retryAfterMs?: number;
  readonly purgeIntervalMs?: number;
  readonly memoryEntries?: number;
  /** Milliseconds, for the retry wait and the purge (token expiry uses the caller's clock). */
  readonly clock?: () => number;
}

export interface PostgresReplayCache extends ReplayCache {
  remember(key: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
  /** Deletes expired rows now; resolves to how many went (0 when the database is unavailable). */
  purgeExpired(): Promise<number>;
  stop(): void;
}

/**
 * A first sighting is an insert; a replay finds the row live and changes nothing (not returned). An
 * expired row is taken over, so a key is never refused after its token expired. One statement for
 * all the tokens waiting (prepared once per connection): calls arriving together share a round trip.
 */
const REMEMBER = {
  name: 'hsg-cds-replay-remember',
  text: `
    INSERT INTO replay_jti (token_key, expires_at_ms)
    SELECT * FROM unnest($1::text[], $2::bigint[])
    ON CONFLICT (token_key) DO UPDATE SET expires_at_ms = EXCLUDED.expires_at_ms
      WHERE replay_jti.expires_at_ms <= $3
    RETURNING token_key`,
};

const PURGE = 'DELETE FROM replay_jti WHERE expires_at_ms <= $1';

interface Sighting {
  readonly key: string;
  readonly expiresAtMs: number;
  readonly nowMs: number;
}

interface Waiting extends Sighting {
  resolve(accepted: boolean): void;
  reject(error: unknown): void;
}

/**
 * Sends a sighting at once when no statement is in flight; sightings arriving meanwhile wait and go
 * together in the next statement. Resolves to true for a token seen for the first time.
 */
function createBatchRecorder(db: ReplayDatabase): (sighting: Sighting) => Promise<boolean> {
  let waiting: Waiting[] = [];
  let inFlight = false;

  async function send(batch: Waiting[]): Promise<void> {
    // The same key twice in one statement is not allowed (and is a replay): the later one is refused.
    const unique = new Map<string, Waiting>();
    for (const sighting of batch) {
      if (unique.has(sighting.key)) sighting.resolve(false);
      else unique.set(sighting.key, sighting);
    }
    const rows = [...unique.values()];
    try {
      const result = await db.query({
        ...REMEMBER,
        values: [
          rows.map((r) => r.key),
          rows.map((r) => r.expiresAtMs),
          // The earliest clock of the batch: a row is taken over only if expired for every sighting.
          Math.min(...rows.map((r) => r.nowMs)),
        ],
      });
      const accepted = new Set(result.rows.map((row) => row.token_key));
      for (const row of rows) row.resolve(accepted.has(row.key));
    } catch (error) {
      for (const row of rows) row.reject(error);
    }
  }

  async function drain(): Promise<void> {
    inFlight = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      await send(batch);
    }
    inFlight = false;
  }

  return (sighting) =>
    new Promise<boolean>((resolve, reject) => {
      waiting.push({ ...sighting, resolve, reject });
      if (!inFlight) void drain();
    });
}

/** Fixed-size and free of NUL (which PostgreSQL text refuses): the key is iss NUL jti. */
function tokenKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/**
 * Replay protection shared by all replicas: a token's id is recorded once, for its lifetime, in the
 * database, so the same token sent to any replica after that is refused. Every id is also kept in
 * this replica's memory: a replay to the same replica is refused without a query, and when the
 * database is unreachable the memory alone decides (hook calls keep working; the caller logs and
 * counts each such fallback).
 */
export function createPostgresReplayCache(options: PostgresReplayCacheOptions): PostgresReplayCache {
  const clock = options.clock ?? Date.now;
  const retryAfterMs = options.retryAfterMs ?? 1000;
  const memory = createReplayCache(options.memoryEntries);
  const recordInBatches = createBatchRecorder(options.db);
  let downUntil = 0;
  let failing = false;

  async function purgeExpired(): Promise<number> {
    try {
      return (await options.db.query({ text: PURGE, values: [clock()] })).rowCount ?? 0;
    } catch {
      // Purging waits for the database like everything else; expired rows do no harm meanwhile.
      return 0;
    }
  }
  const purgeTimer = setInterval(() => void purgeExpired(), options.purgeIntervalMs ?? 60_000).unref();

  return {
    async remember(key, expiresAtMs, nowMs) {
      if (!memory.remember(key, expiresAtMs, nowMs)) return false;
      if (clock() < downUntil) {
        options.onFallback({ cause: 'waiting' });
        return true;
      }
      try {
        const accepted = await recordInBatches({ key: tokenKey(key), expiresAtMs, nowMs });
        if (failing) {
          failing = false;
          options.onRecovered?.();
        }
        return accepted;
      } catch (error) {
        failing = true;
        downUntil = clock() + retryAfterMs;
        options.onFallback({ cause: 'error', error });
        return true;
      }
    },
    purgeExpired,
    stop() {
      clearInterval(purgeTimer);
    },
  };
}
