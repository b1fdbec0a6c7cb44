import { createPostgresReplayCache } from '../auth/postgres-replay-cache.js';
import type { ReplayCache } from '../auth/replay-cache.js';
import type { Config, DatabaseConfig } from '../config/config.js';
import { StartupError } from '../errors.js';
import type { FeedbackStore } from './feedback-store.js';
import { createPostgresFeedbackStore } from './postgres-feedback-store.js';
import { applyMigrations, pendingMigrations } from './postgres-migrations.js';
import { createDatabasePool, describeDatabaseError } from './postgres-pool.js';
import { openSqliteFeedbackStore } from './sqlite-feedback-store.js';

export interface StorageLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Where this process keeps feedback and accepted token ids, chosen once at start-up. */
export interface Storage {
  readonly feedbackStore: FeedbackStore;
  /** The shared jti cache (PostgreSQL mode); undefined: each authenticator keeps its own in memory. */
  readonly replayCache: ReplayCache | undefined;
  close(): Promise<void>;
}

export interface StorageOptions {
  readonly logger: StorageLogger;
  /** Counted in a metric: a jti checked in memory only. */
  readonly onReplayFallback?: () => void;
}

/**
 * SQLite at FEEDBACK_DB with the jti cache in memory (one process), or, when DATABASE_URL is set,
 * both in PostgreSQL (many replicas) and no SQLite file at all. In PostgreSQL mode the database must
 * answer at start-up (migrations); afterwards its outages are ridden out (see the README).
 */
export async function openStorage(config: Config, options: StorageOptions): Promise<Storage> {
  if (config.database === undefined) {
    const feedbackStore = openSqliteFeedbackStore(config.feedbackDb);
    return { feedbackStore, replayCache: undefined, close: () => feedbackStore.close() };
  }
  return openPostgresStorage(config.database, options);
}

/** On a connection of its own, without the service's query timeout: waiting for the lock is expected. */
async function prepareSchema(database: DatabaseConfig, logger: StorageLogger): Promise<number[]> {
  const pool = createDatabasePool(database, logger, 'maintenance');
  try {
    if (database.migrateOnStart) return await applyMigrations(pool);
    const pending = await pendingMigrations(pool);
    if (pending.length > 0) {
      throw new StartupError(
        `the database lacks migration ${pending.map((m) => m.version).join(', ')}: run \`hsg-cds migrate\` or set DATABASE_MIGRATE=true`,
      );
    }
    return [];
  } finally {
    await pool.end().catch(() => undefined);
  }
}

async function openPostgresStorage(database: DatabaseConfig, options: StorageOptions): Promise<Storage> {
  const { logger } = options;
  try {
    const applied = await prepareSchema(database, logger);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrations applied');
  } catch (error) {
    if (error instanceof StartupError) throw error;
    throw new StartupError(`database not usable at start-up: ${describeDatabaseError(error, database.url)}`);
  }
  const pool = createDatabasePool(database, logger);
  const feedbackStore = createPostgresFeedbackStore({ db: pool, url: database.url, logger });
  const replayCache = createPostgresReplayCache({
    db: pool,
    onFallback: (event) => {
      options.onReplayFallback?.();
      // One line per outage (and per retry), not one per call.
      if (event.cause === 'error') {
        logger.warn(
          { err: { message: describeDatabaseError(event.error, database.url) } },
          "replay protection falls back to this replica's memory: the database is unavailable",
        );
      }
    },
    onRecovered: () => logger.info({}, 'replay protection is shared again: the database answers'),
  });
  return {
    feedbackStore,
    replayCache,
    async close() {
      replayCache.stop();
      await feedbackStore.close();
      await pool.end().catch(() => undefined);
    },
  };
}
