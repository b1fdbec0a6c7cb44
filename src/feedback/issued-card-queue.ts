import type { CdsCard } from '../protocol/cds-types.js';

export type IssuedCardRow = [
  uuid: string,
  serviceId: string,
  hookInstance: string,
  topic: string | null,
  indicator: string,
  issuedAt: string,
];

export interface IssuedCardQueueOptions {
  readonly write: (rows: readonly IssuedCardRow[]) => void | Promise<void>;
  /** A failed write: its rows are kept for the next flush while fewer than `maxPending` wait. */
  readonly onWriteFailed?: (error: unknown, kept: number, dropped: number) => void;
  readonly delayMs?: number;
  readonly batchSize?: number;
  readonly maxPending?: number;
}

export interface IssuedCardQueue {
  push(serviceId: string, hookInstance: string, cards: readonly CdsCard[], issuedAt: Date): void;
  /** Writes what is waiting; resolves once written, rejects when the write fails (rows kept). */
  flush(): Promise<void>;
  readonly pending: number;
}

/**
 * Issued cards are written behind the response, in batches: a write per hook call would sit on the
 * hot path. They are written at most `delayMs` late, or as soon as `batchSize` are waiting. An SQLite
 * write blocks the event loop (about 2 µs a row): 100 rows hold calls in flight for 0.2 ms.
 */
const RETRY_AFTER_FAILURE_MS = 1000;

export function createIssuedCardQueue(options: IssuedCardQueueOptions): IssuedCardQueue {
  const delayMs = options.delayMs ?? 200;
  const batchSize = options.batchSize ?? 100;
  const maxPending = options.maxPending ?? 10_000;
  let pending: IssuedCardRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  // After a failed write, rows wait for the timer instead of every push trying the database again.
  let retryAt = 0;

  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    try {
      await options.write(rows);
    } catch (error) {
      // Kept for the next flush (the database may come back); beyond the bound the oldest go.
      pending = [...rows, ...pending];
      const dropped = Math.max(0, pending.length - maxPending);
      if (dropped > 0) pending = pending.slice(dropped);
      retryAt = Date.now() + RETRY_AFTER_FAILURE_MS;
      options.onWriteFailed?.(error, pending.length, dropped);
      throw error;
    }
  }

  function flushInBackground(): void {
    // Failures were reported through onWriteFailed.
    flush().catch(() => undefined);
  }

  return {
    push(serviceId, hookInstance, cards, issuedAt) {
      const at = issuedAt.toISOString();
      for (const card of cards) {
        pending.push([
          card.uuid,
          serviceId,
          hookInstance,
          card.source.topic?.code ?? null,
          card.indicator,
          at,
        ]);
      }
      const waitMs = Math.max(0, retryAt - Date.now());
      if (pending.length >= batchSize && waitMs === 0) flushInBackground();
      else if (!timer && pending.length > 0)
        timer = setTimeout(flushInBackground, Math.max(delayMs, waitMs)).unref();
    },
    flush,
    get pending() {
      return pending.length;
    },
  };
}
