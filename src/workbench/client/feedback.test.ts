import { describe, expect, test } from '@jest/globals';
import type { CdsCard } from '../../protocol/cds-types.js';
import { acceptedFeedback, overriddenFeedback } from './feedback.js';

const card: CdsCard = {
  uuid: 'c1',
  summary: 'Pregnant',
  indicator: 'critical',
  source: { label: 'hsg-cds' },
};
const now = new Date('2026-12-01T09:00:00Z');
const reason = {
  system: 'http://hsg-cds.org/fhir/CodeSystem/override-reason',
  code: 'record-outdated',
  display: 'Record is outdated or wrong',
};

describe('feedback items', () => {
  test('accepted names the card and the suggestion taken', () => {
    expect(acceptedFeedback(card, { label: 'Cancel', uuid: 's1' }, now)).toEqual({
      card: 'c1',
      outcome: 'accepted',
      acceptedSuggestions: [{ id: 's1' }],
      outcomeTimestamp: '2026-12-01T09:00:00.000Z',
    });
  });

  test('overridden carries the chosen reason and a trimmed comment, and nothing when neither is given', () => {
    expect(overriddenFeedback(card, { reason, comment: '  negative test today ' }, now)).toEqual({
      card: 'c1',
      outcome: 'overridden',
      overrideReason: { reason, userComment: 'negative test today' },
      outcomeTimestamp: '2026-12-01T09:00:00.000Z',
    });
    expect(overriddenFeedback(card, { comment: '  ' }, now)).toEqual({
      card: 'c1',
      outcome: 'overridden',
      outcomeTimestamp: '2026-12-01T09:00:00.000Z',
    });
  });
});
