import { existsSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { DatabaseConfig } from '../config/config.js';
import type { FeedbackRow } from '../feedback/feedback-store.js';
import { createPostgresFeedbackStore } from '../feedback/postgres-feedback-store.js';
import { openSqliteFeedbackStore } from '../feedback/sqlite-feedback-store.js';
import { createPainter, type CliIo } from './cli-io.js';
import { withDatabase } from './database-session.js';
import { CliFailure, ExitCode } from './exit-codes.js';
import { formatFeedbackReport, summariseFeedback } from './summarise-feedback.js';

/** The SQLite file (`--db`, else FEEDBACK_DB) or the shared database (DATABASE_URL, unless `--db`). */
export type FeedbackSource =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgresql'; readonly database: DatabaseConfig };

export interface FeedbackReportOptions {
  readonly source: FeedbackSource;
  readonly since?: Date;
  readonly json?: boolean;
  readonly color: boolean;
}

/** `2026-01-31`, an ISO date-time, or a span back from now: `30d`, `12h`. */
export function parseSince(value: string, now: Date = new Date()): Date {
  const span = /^(\d+)([dh])$/.exec(value.trim());
  if (span) {
    const hours = Number(span[1]) * (span[2] === 'd' ? 24 : 1);
    return new Date(now.getTime() - hours * 3_600_000);
  }
  const date = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError('expected a date (2026-01-31) or a span (30d, 12h)');
  return date;
}

async function readRows(source: FeedbackSource, since: Date | undefined, io: CliIo): Promise<FeedbackRow[]> {
  if (source.kind === 'postgresql') {
    const { database } = source;
    return withDatabase(database, io.err, (pool) =>
      createPostgresFeedbackStore({
        db: pool,
        url: database.url,
        logger: { warn: () => undefined },
      }).listFeedback(since),
    );
  }
  if (source.path !== ':memory:' && !existsSync(source.path)) {
    throw new CliFailure(
      `no feedback database at ${source.path} (set FEEDBACK_DB or DATABASE_URL, or pass --db)`,
    );
  }
  const store = openSqliteFeedbackStore(source.path);
  try {
    return await store.listFeedback(since);
  } finally {
    await store.close();
  }
}

/** `hsg-cds feedback-report`: rates per topic and the common override reasons, from the feedback store. */
export async function runFeedbackReport(options: FeedbackReportOptions, io: CliIo): Promise<ExitCode> {
  const summary = summariseFeedback(await readRows(options.source, options.since, io));
  if (options.json) io.out(JSON.stringify(summary, null, 2));
  else {
    const heading = options.since ? `Since ${options.since.toISOString()}` : 'All time';
    io.out(formatFeedbackReport(summary, heading, createPainter(options.color)));
  }
  return ExitCode.ok;
}
