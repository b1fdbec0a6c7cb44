import { Counter, type Registry } from 'prom-client';
import type { FeedbackObserver } from './feedback-observer.js';
import type { LabelBounds } from './metric-labels.js';

/**
 * Feedback outcomes by the topic of the card and the override reason, counted once per item the
 * feedback store accepted (the store knows each issued card's topic, even after a restart).
 */
export function createFeedbackMetrics(registry: Registry, labels: LabelBounds): FeedbackObserver {
  const feedback = new Counter({
    name: 'hsg_cds_feedback_total',
    help: 'Feedback items received, by service, outcome, topic of the card and override reason code',
    labelNames: ['service', 'outcome', 'topic', 'override_reason'] as const,
    registers: [registry],
  });
  return {
    onFeedbackStored(serviceId, stored) {
      for (const { item, topic } of stored) {
        feedback.inc({
          service: labels.service(serviceId),
          outcome: item.outcome === 'accepted' || item.outcome === 'overridden' ? item.outcome : 'other',
          topic: topic === undefined ? 'unknown' : labels.topic(topic),
          override_reason:
            item.outcome === 'overridden' ? labels.overrideReason(item.overrideReason?.reason) : 'none',
        });
      }
    },
  };
}
