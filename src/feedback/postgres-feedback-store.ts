import type pg from 'pg';
import {
  feedbackColumns,
  FeedbackStoreUnavailableError,
  type FeedbackRow,
  type FeedbackStore,
  type StoredFeedback,
} from './feedback-store.js';
import { createIssuedCardQueue, type IssuedCardRow } from './issued-card-queue.js';
import {
  databaseErrorCode,
  describeDatabaseError,
  isDatabaseUnavailable,
  type DatabaseLogger,
  type SqlClient,
} from './postgres-pool.js';

export interface PostgresFeedbackStoreOptions {
  readonly db: SqlClient;
  /** For secret-free messages: the password in it is removed from every error described. */
  readonly url: string;
  readonly logger: DatabaseLogger;
}

/** One statement for the whole batch (atomic, one round trip); a repeat, here or on any replica, is skipped. */
const INSERT_FEEDBACK = `
  WITH inserted AS (
    INSERT INTO feedback (dedupe_key, service_id, card_uuid, outcome, accepted_suggestions, override_system,
      override_code, override_display, has_user_comment, outcome_timestamp, received_at)
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[],
      $8::text[], $9::boolean[], $10::text[], $11::timestamptz[])
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING dedupe_key, card_uuid)
  SELECT i.dedupe_key, c.topic FROM inserted i LEFT JOIN issued_card c ON c.uuid = i.card_uuid`;

const INSERT_ISSUED_CARDS = `
  INSERT INTO issued_card (uuid, service_id, hook_instance, topic, indicator, issued_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
  ON CONFLICT (uuid) DO NOTHING`;

const LIST_FEEDBACK = `
  SELECT f.service_id AS "serviceId", f.card_uuid AS "cardUuid", f.outcome, c.topic,
    f.override_code AS "overrideReasonCode", f.override_display AS "overrideReasonDisplay",
    COALESCE(jsonb_array_length(f.accepted_suggestions), 0)::int AS "acceptedSuggestions",
    f.outcome_timestamp AS "outcomeTimestamp"
  FROM feedback f LEFT JOIN issued_card c ON c.uuid = f.card_uuid
  WHERE f.outcome_timestamp >= $1 ORDER BY f.id`;

const PROBE = `INSERT INTO health_probe (id, at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at`;

/**
 * PostgreSQL text and jsonb cannot hold U+0000, which a client may send inside any string: it is stored
 * as U+FFFD (the dedupe key is computed from the original, so repeats still match).
 */
function storable<T extends string | null>(text: T): T {
  return (text === null ? null : text.replaceAll('\u0000', '\ufffd')) as T;
}

/** Column arrays for unnest: row i of the batch is element i of each array. */
function columnsOf<Row extends readonly unknown[]>(rows: readonly Row[], width: number): unknown[][] {
  return Array.from({ length: width }, (_, column) => rows.map((row) => row[column]));
}

/**
 * Feedback in the shared PostgreSQL database: every replica writes and reads the same rows, and the
 * dedupe key's unique constraint keeps a repeat out whichever replica receives it.
 */
export function createPostgresFeedbackStore(options: PostgresFeedbackStoreOptions): FeedbackStore {
  const { db, url, logger } = options;
  // A statement the database refused is a fault of ours (500, logged); anything else is an outage (503).
  const unavailable = (error: unknown) =>
    isDatabaseUnavailable(error)
      ? new FeedbackStoreUnavailableError(
          `feedback database unavailable (${describeDatabaseError(error, url)})`,
        )
      : error;

  const issuedCards = createIssuedCardQueue({
    write: async (rows: readonly IssuedCardRow[]) => {
      await db.query(INSERT_ISSUED_CARDS, columnsOf(rows, 6));
    },
    onWriteFailed: (error, kept, dropped) =>
      logger.warn(
        { err: { message: describeDatabaseError(error, url) }, kept, dropped },
        'issued cards not written yet: the database is unavailable',
      ),
  });

  return {
    backend: 'postgresql',
    async saveFeedback(serviceId, items, receivedAt) {
      // Topics of cards issued here are written first; a failure only leaves those topics unknown.
      await issuedCards.flush().catch(() => undefined);
      const rows = items.map((item) => {
        const c = feedbackColumns(serviceId, item);
        const accepted = item.acceptedSuggestions?.map((s) => storable(s.id));
        return [
          c.dedupeKey,
          storable(c.serviceId),
          storable(c.card),
          c.outcome,
          accepted ? JSON.stringify(accepted) : null,
          storable(c.system),
          storable(c.code),
          storable(c.display),
          c.hasComment === 1,
          storable(c.timestamp),
          receivedAt.toISOString(),
        ] as const;
      });
      let result: pg.QueryResult<{ dedupe_key: string; topic: string | null }>;
      try {
        result = await db.query(INSERT_FEEDBACK, columnsOf(rows, 11));
      } catch (error) {
        throw unavailable(error);
      }
      const topicByKey = new Map(result.rows.map((row) => [row.dedupe_key, row.topic]));
      const added: StoredFeedback[] = [];
      rows.forEach(([key], index) => {
        if (!topicByKey.has(key)) return;
        added.push({ item: items[index]!, topic: topicByKey.get(key) ?? undefined });
        // The same item twice in one batch counts once, as in SQLite.
        topicByKey.delete(key);
      });
      return added;
    },
    recordIssuedCards(serviceId, hookInstance, cards, issuedAt) {
      issuedCards.push(serviceId, hookInstance, cards, issuedAt);
    },
    async listFeedback(since) {
      await issuedCards.flush().catch(() => undefined);
      try {
        const result = await db.query<FeedbackRow>(LIST_FEEDBACK, [since ? since.toISOString() : '']);
        return result.rows;
      } catch (error) {
        throw unavailable(error);
      }
    },
    async probe() {
      try {
        await db.query(PROBE);
        return { ok: true };
      } catch (error) {
        return { ok: false, detail: `unavailable (${databaseErrorCode(error)})` };
      }
    },
    async close() {
      await issuedCards.flush().catch(() => undefined);
    },
  };
}
