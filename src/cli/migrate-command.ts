import type { DatabaseConfig } from '../config/config.js';
import { applyMigrations, pendingMigrations } from '../feedback/postgres-migrations.js';
import type { CliIo } from './cli-io.js';
import { withDatabase } from './database-session.js';
import { ExitCode, UsageError } from './exit-codes.js';

export interface MigrateOptions {
  /** Only report what is pending (exit 1 when something is). */
  readonly check?: boolean;
}

/**
 * `hsg-cds migrate`: applies the PostgreSQL schema migrations to DATABASE_URL, under the same
 * advisory lock as a starting replica, for deployments that migrate before rolling out (a Job, a
 * release step) and start the replicas with DATABASE_MIGRATE=false.
 */
export async function runMigrate(
  database: DatabaseConfig | undefined,
  options: MigrateOptions,
  io: CliIo,
): Promise<ExitCode> {
  if (!database) throw new UsageError('migrate needs DATABASE_URL (the SQLite store needs no migrations)');
  return withDatabase(database, io.err, async (pool) => {
    if (options.check) {
      const pending = await pendingMigrations(pool);
      if (pending.length === 0) {
        io.out('the database schema is up to date');
        return ExitCode.ok;
      }
      for (const m of pending) io.out(`pending ${String(m.version).padStart(4, '0')} ${m.name}`);
      return ExitCode.problems;
    }
    const applied = await applyMigrations(pool);
    io.out(
      applied.length === 0
        ? 'the database schema is up to date'
        : `applied ${applied.map((v) => String(v).padStart(4, '0')).join(', ')}`,
    );
    return ExitCode.ok;
  });
}
