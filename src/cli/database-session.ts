import type pg from 'pg';
import type { DatabaseConfig } from '../config/config.js';
import { createDatabasePool, describeDatabaseError } from '../feedback/postgres-pool.js';
import { CliFailure } from './exit-codes.js';

/**
 * Runs `work` with a one-connection pool on DATABASE_URL, then closes it. Failures become a CliFailure
 * whose message never holds the password; dropped connections are reported on stderr, not thrown.
 */
export async function withDatabase<T>(
  database: DatabaseConfig,
  warn: (text: string) => void,
  work: (pool: pg.Pool) => Promise<T>,
): Promise<T> {
  const pool = createDatabasePool(
    database,
    { warn: (obj, msg) => warn(`${msg}: ${JSON.stringify(obj)}`) },
    'maintenance',
  );
  try {
    return await work(pool);
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    throw new CliFailure(`database: ${describeDatabaseError(error, database.url)}`);
  } finally {
    await pool.end().catch(() => undefined);
  }
}
