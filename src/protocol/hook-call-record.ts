import type { CdsCard } from './cds-types.js';

/** One hook or feedback call as seen by the protocol layer: the fields of its log line and metrics. */
export interface HookCallRecord {
  readonly kind: 'hook' | 'feedback';
  readonly serviceId: string;
  readonly hook?: string;
  readonly hookInstance?: string;
  readonly issuer?: string;
  readonly tenant?: string;
  readonly status: number;
  readonly durationMs: number;
  /** e.g. `{ "pregnancy:critical": 1 }` */
  readonly cards?: Readonly<Record<string, number>>;
  readonly errorCode?: string;
  /** Fields the service added through CallContext.annotate (counts, data origin …). */
  readonly annotations: Readonly<Record<string, string | number | boolean>>;
}

export interface HookCallObserver {
  onCall(record: HookCallRecord): void;
}

/** Cards by `topic:indicator`, e.g. `{ "pregnancy:critical": 1 }`: the `cards` field of a hook call record. */
export function countCardsByTopic(cards: readonly CdsCard[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const card of cards) {
    const key = `${card.source.topic?.code ?? 'none'}:${card.indicator}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
