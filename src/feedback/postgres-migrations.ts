import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { projectRoot } from '../project-root.js';
import { withConnection } from './postgres-pool.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Any replica (or `hsg-cds migrate`) takes this session lock while migrating; the others wait. */
const MIGRATION_LOCK_ID = 0x4853_4743; // "HSGC"

/** Read at run time from the project (the image copies the folder): `0001_name.sql`, applied in order. */
export function migrationsFolder(): string {
  return join(projectRoot(), 'src', 'feedback', 'migrations');
}

export function readMigrations(folder: string = migrationsFolder()): Migration[] {
  const migrations = readdirSync(folder)
    .map((file) => ({ file, match: /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file) }))
    .filter((entry) => entry.match !== null)
    .map(({ file, match }) => ({
      version: Number(match?.[1]),
      name: match?.[2] ?? file,
      sql: readFileSync(join(folder, file), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(`migrations must be numbered 0001, 0002, … without gaps: found ${migration.version}`);
  });
  return migrations;
}

async function appliedVersions(client: pg.ClientBase): Promise<Set<number>> {
  const result = await client.query<{ version: number }>('SELECT version FROM schema_migration');
  return new Set(result.rows.map((row) => row.version));
}

/**
 * Applies the migrations not yet applied, each in its own transaction, holding an advisory lock so
 * that replicas starting together do not race. Returns the versions it applied.
 */
export async function applyMigrations(
  pool: pg.Pool,
  migrations: readonly Migration[] = readMigrations(),
): Promise<number[]> {
  return withConnection(pool, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const applied = await appliedVersions(client);
      const done: number[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        done.push(migration.version);
      }
      return done;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    }
  });
}

/** The migrations the database still lacks (start-up with DATABASE_MIGRATE=false refuses to run then). */
export async function pendingMigrations(
  pool: pg.Pool,
  migrations: readonly Migration[] = readMigrations(),
): Promise<Migration[]> {
  const exists = await pool.query<{ present: boolean }>(
    "SELECT to_regclass('schema_migration') IS NOT NULL AS present",
  );
  if (!exists.rows[0]?.present) return [...migrations];
  const result = await pool.query<{ version: number }>('SELECT version FROM schema_migration');
  const applied = new Set(result.rows.map((row) => row.version));
  return migrations.filter((migration) => !applied.has(migration.version));
}
