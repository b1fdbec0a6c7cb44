import { Counter, type Registry } from 'prom-client';

/** What the shared database's users report to the metrics. */
export interface DatabaseObserver {
  /** A token's jti was checked in this replica's memory only: the database was unavailable. */
  onReplayFallback(): void;
  /** A feedback post was refused with 503: the database was unavailable. */
  onFeedbackUnavailable(): void;
}

export function createDatabaseMetrics(registry: Registry): DatabaseObserver {
  const replayFallback = new Counter({
    name: 'hsg_cds_replay_cache_fallback_total',
    help: "Tokens whose jti was checked in this replica's memory only, because the shared database was unavailable",
    registers: [registry],
  });
  const feedbackUnavailable = new Counter({
    name: 'hsg_cds_feedback_unavailable_total',
    help: 'Feedback posts answered 503 because the feedback database was unavailable',
    registers: [registry],
  });
  return {
    onReplayFallback: () => replayFallback.inc(),
    onFeedbackUnavailable: () => feedbackUnavailable.inc(),
  };
}
