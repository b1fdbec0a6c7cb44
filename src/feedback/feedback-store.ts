import { createHash } from 'node:crypto';
import type { CdsCard, CdsFeedbackItem } from '../protocol/cds-types.js';

export interface FeedbackRow {
  readonly serviceId: string;
  readonly cardUuid: string;
  readonly outcome: string;
  readonly topic: string | null;
  readonly overrideReasonCode: string | null;
  readonly overrideReasonDisplay: string | null;
  readonly acceptedSuggestions: number;
  readonly outcomeTimestamp: string;
}

/** A feedback item that was new to the store, with the topic of the card it is about (if issued here). */
export interface StoredFeedback {
  readonly item: CdsFeedbackItem;
  readonly topic: string | undefined;
}

/** What a readiness probe of the store found; `detail` is short and free of secrets (/readyz is public). */
export interface StoreProbe {
  readonly ok: boolean;
  readonly detail?: string;
}

/**
 * Where feedback and the topics of issued cards live: an embedded SQLite file (one process) or a
 * shared PostgreSQL database (many replicas). Chosen once at start-up; callers do not know which.
 */
export interface FeedbackStore {
  readonly backend: 'sqlite' | 'postgresql';
  /**
   * Stores the items; repeats of the same item are ignored. Resolves to the ones that were new, or
   * rejects (with FeedbackStoreUnavailableError when the database cannot be reached): never resolves
   * unless the items are stored.
   */
  saveFeedback(
    serviceId: string,
    items: readonly CdsFeedbackItem[],
    receivedAt: Date,
  ): Promise<StoredFeedback[]>;
  /** Queued and written behind the response, in batches; never throws. */
  recordIssuedCards(serviceId: string, hookInstance: string, cards: readonly CdsCard[], issuedAt: Date): void;
  /** Feedback joined with the issued card's topic, for the feedback report. */
  listFeedback(since?: Date): Promise<FeedbackRow[]>;
  /** A write to the store (readiness). Never rejects. */
  probe(): Promise<StoreProbe>;
  /** Writes what is queued and closes. */
  close(): Promise<void>;
}

/** The database behind the store cannot be reached or refused the write: the client may retry later. */
export class FeedbackStoreUnavailableError extends Error {
  override readonly name = 'FeedbackStoreUnavailableError';
}

/** Same item sent twice (retries, batched resends) → same key → stored once. */
export function dedupeKey(serviceId: string, item: CdsFeedbackItem): string {
  const canonical = JSON.stringify([
    serviceId,
    item.card,
    item.outcome,
    item.outcomeTimestamp,
    (item.acceptedSuggestions ?? []).map((s) => s.id).sort(),
    item.overrideReason?.reason?.system ?? null,
    item.overrideReason?.reason?.code ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The columns of one feedback row, as both stores write them. Free-text `userComment`s are not stored. */
export function feedbackColumns(serviceId: string, item: CdsFeedbackItem) {
  return {
    dedupeKey: dedupeKey(serviceId, item),
    serviceId,
    card: item.card,
    outcome: item.outcome,
    accepted: item.acceptedSuggestions ? JSON.stringify(item.acceptedSuggestions.map((s) => s.id)) : null,
    system: item.overrideReason?.reason?.system ?? null,
    code: item.overrideReason?.reason?.code ?? null,
    display: item.overrideReason?.reason?.display ?? null,
    hasComment: item.overrideReason?.userComment ? 1 : 0,
    timestamp: item.outcomeTimestamp,
  };
}
