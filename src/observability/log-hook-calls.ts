import type { HookCallObserver } from '../protocol/hook-call-record.js';
import type { Logger } from './logger.js';

/**
 * One structured, PHI-free log line per hook or feedback call (fields listed in the README). The
 * service's annotations (hsgOrders, dataOrigin, fhirRequests, prefetchHits, unavailable, unavailableReasons) come first so
 * they can never overwrite the protocol fields.
 */
export function createHookCallLogger(
  base: Logger,
  /** Fields on every line: the knowledge release, so incidents trace to it. */
  fields: { readonly knowledgeVersion?: string } = {},
): HookCallObserver {
  const logger = fields.knowledgeVersion ? base.child({ knowledgeVersion: fields.knowledgeVersion }) : base;
  return {
    onCall(record) {
      const level = record.status >= 500 ? 'error' : 'info';
      // Under load at LOG_LEVEL=warn, building a line only to drop it is measurable.
      if (!logger.isLevelEnabled(level)) return;
      const { annotations, durationMs, ...fields } = record;
      logger[level](
        { ...annotations, ...fields, durationMs: Math.round(durationMs * 10) / 10 },
        `${record.kind} call`,
      );
    },
  };
}
