import pg from 'pg';
import type { DatabaseConfig } from '../config/config.js';

export interface DatabaseLogger {
  warn(obj: object, msg: string): void;
}

/** The queries the stores and the replay cache run: pg's Pool, or a test's stand-in. */
export interface SqlClient {
  query<Row extends pg.QueryResultRow>(
    text: string,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<Row>>;
}

/**
 * Removes the password of `url` from a text (an error message may quote the connection string), in
 * plain and URL-encoded form.
 */
export function hidePassword(text: string, url: string): string {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    return text;
  }
  if (!password) return text;
  const forms = new Set([password, decodeURIComponent(password)]);
  let hidden = text;
  for (const form of forms) if (form.length > 0) hidden = hidden.split(form).join('***');
  return hidden;
}

/** A short, secret-free description of a database failure: the error code and message, password removed. */
export function describeDatabaseError(error: unknown, url: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const text = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  return hidePassword(text, url).slice(0, 200);
}

/** The error's code alone (ECONNREFUSED, 57P01, …): for public places like /readyz. */
export function databaseErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  return error instanceof Error && /timeout/i.test(error.message) ? 'timeout' : 'error';
}

/** SQLSTATE classes of a server that cannot serve now: connection, resources, shutdown, system errors. */
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '58']);

/**
 * True when the database could not be reached or cannot serve now (retrying later may succeed), as
 * opposed to a statement it refused: network errors, timeouts, and the SQLSTATE classes above.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
    return UNAVAILABLE_CLASSES.has(code.slice(0, 2));
  return true;
}

/**
 * A pool of connections to the shared database. Broken connections (the server restarting, the
 * network failing) are reported on the pool's 'error' event: handled here, so they never crash the
 * process; the pool opens new connections on the next query.
 */
export function createDatabasePool(
  config: DatabaseConfig,
  logger: DatabaseLogger,
  purpose: 'service' | 'maintenance' = 'service',
): pg.Pool {
  const service = purpose === 'service';
  const pool = new pg.Pool({
    connectionString: config.url,
    max: service ? config.poolMax : 1,
    connectionTimeoutMillis: config.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    // A query that hangs (server gone without closing the socket) fails instead of holding a call.
    // Maintenance (migrations, reports) may wait for the advisory lock or run long statements.
    ...(service ? { query_timeout: config.connectTimeoutMs * 2 } : {}),
    application_name: service ? 'hsg-cds' : 'hsg-cds-maintenance',
  });
  pool.on('error', (error) => {
    logger.warn({ err: { message: describeDatabaseError(error, config.url) } }, 'database connection lost');
  });
  return pool;
}

/**
 * Runs `work` on one connection of the pool (a transaction, a session lock). A checked-out client
 * has no 'error' listener of the pool's: one is added while it is out, so a dropped connection
 * rejects the work instead of crashing the process.
 */
export async function withConnection<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    broken ??= error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.off('error', onError);
    // A connection that failed is discarded, not handed to the next caller.
    client.release(broken);
  }
}
