import { existsSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { openFeedbackStore } from '../feedback/feedback-store.js';
import { createPainter, type CliIo } from './cli-io.js';
import { CliFailure, ExitCode } from './exit-codes.js';
import { formatFeedbackReport, summariseFeedback } from './summarise-feedback.js';

export interface FeedbackReportOptions {
  /** The SQLite file; FEEDBACK_DB (via the config) when absent. */
  readonly db: string;
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

/** `hsg-cds feedback-report`: rates per topic and the common override reasons, from the feedback store. */
export function runFeedbackReport(options: FeedbackReportOptions, io: CliIo): ExitCode {
  if (options.db !== ':memory:' && !existsSync(options.db)) {
    throw new CliFailure(`no feedback database at ${options.db} (set FEEDBACK_DB or pass --db)`);
  }
  const store = openFeedbackStore(options.db);
  try {
    const summary = summariseFeedback(store.listFeedback(options.since));
    if (options.json) io.out(JSON.stringify(summary, null, 2));
    else {
      const heading = options.since ? `Since ${options.since.toISOString()}` : 'All time';
      io.out(formatFeedbackReport(summary, heading, createPainter(options.color)));
    }
  } finally {
    store.close();
  }
  return ExitCode.ok;
}
