import { Counter, Histogram, type Registry } from 'prom-client';
import type { HookCallObserver, HookCallRecord } from '../protocol/hook-call-record.js';
import type { LabelBounds } from './metric-labels.js';

/** Seconds: most calls answer from prefetch in milliseconds; FHIR-server calls can take seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Request durations, cards, prefetch use and data origin, from the protocol layer's call records. */
export function createHookCallMetrics(
  registry: Registry,
  labels: LabelBounds,
  prefetchKeys: number,
): HookCallObserver {
  const registers = [registry];
  const duration = new Histogram({
    name: 'hsg_cds_request_duration_seconds',
    help: 'Duration of hook and feedback calls, by service, kind (hook or feedback) and HTTP status',
    labelNames: ['service', 'kind', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const cards = new Counter({
    name: 'hsg_cds_cards_total',
    help: 'Cards returned, by service, topic code (finding kind) and indicator',
    labelNames: ['service', 'topic', 'indicator'] as const,
    registers,
  });
  const prefetch = new Counter({
    name: 'hsg_cds_prefetch_keys_total',
    help: 'Prefetch keys needed by calls that gathered patient data: hit = usable as sent, miss = not',
    labelNames: ['service', 'result'] as const,
    registers,
  });
  const origin = new Counter({
    name: 'hsg_cds_data_origin_total',
    help: 'Calls that gathered patient data, by where it came from (prefetch, fhir-server, mixed, none)',
    labelNames: ['service', 'origin'] as const,
    registers,
  });

  const countCards = (service: string, counts: HookCallRecord['cards']) => {
    for (const [key, count] of Object.entries(counts ?? {})) {
      const split = key.lastIndexOf(':');
      cards.inc(
        {
          service,
          topic: labels.topic(key.slice(0, split)),
          indicator: labels.indicator(key.slice(split + 1)),
        },
        count,
      );
    }
  };

  return {
    onCall(record) {
      const service = labels.service(record.serviceId);
      duration.observe(
        { service, kind: record.kind, status: labels.status(record.status) },
        record.durationMs / 1000,
      );
      countCards(service, record.cards);
      const hits = record.annotations.prefetchHits;
      if (typeof hits === 'number') {
        prefetch.inc({ service, result: 'hit' }, hits);
        prefetch.inc({ service, result: 'miss' }, Math.max(0, prefetchKeys - hits));
      }
      if (record.annotations.dataOrigin !== undefined) {
        origin.inc({ service, origin: labels.dataOrigin(record.annotations.dataOrigin) });
      }
    },
  };
}
