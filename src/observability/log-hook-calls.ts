import type { HookCallObserver } from '../protocol/hook-call-record.js';
import type { Logger } from './logger.js';

/** One structured, PHI-free log line per hook or feedback call. */
export function createHookCallLogger(logger: Logger): HookCallObserver {
  return {
    onCall(record) {
      const { annotations, durationMs, ...fields } = record;
      const level = record.status >= 500 ? 'error' : 'info';
      logger[level](
        { ...fields, ...annotations, durationMs: Math.round(durationMs * 10) / 10 },
        `${record.kind} call`,
      );
    },
  };
}
