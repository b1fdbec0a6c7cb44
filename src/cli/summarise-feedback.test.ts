import type { FeedbackRow } from '../feedback/feedback-store.js';
import { createPainter } from './cli-io.js';
import { formatFeedbackReport, NO_REASON, summariseFeedback, UNKNOWN_TOPIC } from './summarise-feedback.js';

function row(topic: string | null, outcome: 'accepted' | 'overridden', reason?: string): FeedbackRow {
  return {
    serviceId: 'hsg-order-sign',
    cardUuid: `card-${Math.random()}`,
    outcome,
    topic,
    overrideReasonCode: reason ?? null,
    overrideReasonDisplay: reason ? `${reason} display` : null,
    acceptedSuggestions: outcome === 'accepted' ? 1 : 0,
    outcomeTimestamp: '2026-11-28T10:00:00Z',
  };
}

describe('summariseFeedback', () => {
  const rows = [
    row('pregnancy', 'overridden', 'pregnancy-excluded'),
    row('pregnancy', 'overridden', 'pregnancy-excluded'),
    row('pregnancy', 'overridden', 'test-scheduled'),
    row('pregnancy', 'accepted'),
    row('billing-codes', 'accepted'),
    row(null, 'overridden'),
  ];

  it('rates per topic (most items first) and override reasons (most common first)', () => {
    const summary = summariseFeedback(rows);
    expect(summary.items).toBe(6);
    expect(summary.topics).toEqual([
      {
        topic: 'pregnancy',
        items: 4,
        accepted: 1,
        overridden: 3,
        acceptanceRate: 0.25,
        overrideRate: 0.75,
        topReason: { code: 'pregnancy-excluded', display: 'pregnancy-excluded display', count: 2 },
      },
      {
        topic: UNKNOWN_TOPIC,
        items: 1,
        accepted: 0,
        overridden: 1,
        acceptanceRate: 0,
        overrideRate: 1,
        topReason: { code: NO_REASON, count: 1 },
      },
      { topic: 'billing-codes', items: 1, accepted: 1, overridden: 0, acceptanceRate: 1, overrideRate: 0 },
    ]);
    expect(summary.overrideReasons.map((r) => [r.code, r.count])).toEqual([
      ['pregnancy-excluded', 2],
      [NO_REASON, 1],
      ['test-scheduled', 1],
    ]);
  });

  it('formats a table without colour codes when colour is off', () => {
    const text = formatFeedbackReport(summariseFeedback(rows), 'All time', createPainter(false));
    expect(text).toContain('All time: 6 feedback items');
    expect(text).toMatch(/^pregnancy\s+4\s+25\.0%\s+75\.0%\s+pregnancy-excluded \(2\)$/m);
    expect(text).toMatch(/^2\s+pregnancy-excluded\s+pregnancy-excluded display$/m);
    expect(text).not.toContain('\u001b[');
    expect(formatFeedbackReport(summariseFeedback([]), 'All time', createPainter(false))).toBe(
      'All time: no feedback.',
    );
  });
});
