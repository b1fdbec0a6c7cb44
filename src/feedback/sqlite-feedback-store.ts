import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CdsFeedbackItem } from '../protocol/cds-types.js';
import {
  feedbackColumns,
  type FeedbackRow,
  type FeedbackStore,
  type StoredFeedback,
} from './feedback-store.js';
import { createIssuedCardQueue, type IssuedCardRow } from './issued-card-queue.js';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS issued_card (
    uuid TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    hook_instance TEXT NOT NULL,
    topic TEXT,
    indicator TEXT NOT NULL,
    issued_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    dedupe_key TEXT NOT NULL UNIQUE,
    service_id TEXT NOT NULL,
    card_uuid TEXT NOT NULL,
    outcome TEXT NOT NULL,
    accepted_suggestions TEXT,
    override_system TEXT,
    override_code TEXT,
    override_display TEXT,
    has_user_comment INTEGER NOT NULL DEFAULT 0,
    outcome_timestamp TEXT NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS feedback_card ON feedback(card_uuid);
  CREATE TABLE IF NOT EXISTS health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);
`;

/**
 * Durable feedback in an embedded SQLite file: the zero-setup default for one process. Free-text
 * `userComment`s are not stored (they may hold patient details); only whether one was given.
 */
export function openSqliteFeedbackStore(path: string): FeedbackStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 2000');
  db.exec(SCHEMA);
  const insertFeedback = db.prepare(`
    INSERT OR IGNORE INTO feedback (dedupe_key, service_id, card_uuid, outcome, accepted_suggestions,
      override_system, override_code, override_display, has_user_comment, outcome_timestamp, received_at)
    VALUES (@dedupeKey, @serviceId, @card, @outcome, @accepted, @system, @code, @display, @hasComment, @timestamp, @receivedAt)`);
  const insertCard = db.prepare(`
    INSERT OR IGNORE INTO issued_card (uuid, service_id, hook_instance, topic, indicator, issued_at)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const topicOf = db.prepare<[string], { topic: string | null }>(
    'SELECT topic FROM issued_card WHERE uuid = ?',
  );
  const probe = db.prepare('INSERT OR REPLACE INTO health_probe (id, at) VALUES (1, ?)');
  const list = db.prepare(`
    SELECT f.service_id AS serviceId, f.card_uuid AS cardUuid, f.outcome AS outcome, c.topic AS topic,
      f.override_code AS overrideReasonCode, f.override_display AS overrideReasonDisplay,
      COALESCE(json_array_length(f.accepted_suggestions), 0) AS acceptedSuggestions,
      f.outcome_timestamp AS outcomeTimestamp
    FROM feedback f LEFT JOIN issued_card c ON c.uuid = f.card_uuid
    WHERE f.outcome_timestamp >= ? ORDER BY f.id`);

  const saveMany = db.transaction(
    (serviceId: string, items: readonly CdsFeedbackItem[], receivedAt: string) => {
      const added: StoredFeedback[] = [];
      for (const item of items) {
        const result = insertFeedback.run({ ...feedbackColumns(serviceId, item), receivedAt });
        if (result.changes > 0) added.push({ item, topic: topicOf.get(item.card)?.topic ?? undefined });
      }
      return added;
    },
  );
  const issuedCards = createIssuedCardQueue({
    write: db.transaction((rows: readonly IssuedCardRow[]) => {
      for (const row of rows) insertCard.run(...row);
    }),
  });

  return {
    backend: 'sqlite',
    async saveFeedback(serviceId, items, receivedAt) {
      // Anything that reads issued cards writes the pending ones first.
      await issuedCards.flush();
      return saveMany(serviceId, items, receivedAt.toISOString());
    },
    recordIssuedCards(serviceId, hookInstance, cards, issuedAt) {
      issuedCards.push(serviceId, hookInstance, cards, issuedAt);
    },
    async listFeedback(since) {
      await issuedCards.flush();
      return list.all(since ? since.toISOString() : '') as FeedbackRow[];
    },
    async probe() {
      try {
        probe.run(new Date().toISOString());
        return { ok: true };
      } catch {
        return { ok: false, detail: 'not writable' };
      }
    },
    async close() {
      await issuedCards.flush();
      db.close();
    },
  };
}
