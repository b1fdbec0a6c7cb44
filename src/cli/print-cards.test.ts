import type { CdsResponse } from '../protocol/cds-types.js';
import { createPainter } from './cli-io.js';
import { formatCards } from './print-cards.js';

const response: CdsResponse = {
  cards: [
    {
      uuid: 'c-1',
      summary: 'Positive hCG on record',
      indicator: 'critical',
      detail: 'Pregnancy test positive \\(2026-11-20\\).',
      source: { label: 'hsg-cds', topic: { system: 's', code: 'pregnancy', display: 'Pregnancy' } },
      selectionBehavior: 'at-most-one',
      suggestions: [
        {
          uuid: 's-1',
          label: 'Cancel the HSG order',
          isRecommended: true,
          actions: [
            { type: 'delete', description: 'Remove the draft order', resourceId: 'ServiceRequest/hsg-1' },
          ],
        },
      ],
      links: [{ label: 'ACR parameter', url: 'https://example.org/acr', type: 'absolute' }],
      overrideReasons: [{ system: 's', code: 'pregnancy-excluded', display: 'Pregnancy excluded' }],
    },
    { uuid: 'c-2', summary: 'Billing codes', indicator: 'info', source: { label: 'hsg-cds' } },
  ],
};

describe('formatCards', () => {
  it('prints indicator, summary, topic, detail, suggestions with actions, links and override reasons', () => {
    const text = formatCards(response, createPainter(false));
    expect(text.split('\n')).toEqual([
      '[CRITICAL] Positive hCG on record',
      '  topic: pregnancy (Pregnancy) · source: hsg-cds',
      '',
      '  Pregnancy test positive (2026-11-20).',
      '',
      '  Suggestions (at-most-one):',
      '    * Cancel the HSG order [recommended]',
      '      - delete ServiceRequest/hsg-1: Remove the draft order',
      '',
      '  Links:',
      '    * ACR parameter: https://example.org/acr',
      '',
      '  Override reasons: Pregnancy excluded',
      '',
      '[INFO] Billing codes',
      '  source: hsg-cds',
      '',
      '2 cards: 1 critical, 1 info',
    ]);
  });

  it('colours the indicator only when asked', () => {
    expect(formatCards(response, createPainter(true))).toContain('\u001b[31m[CRITICAL]\u001b[39m');
    expect(formatCards({ cards: [] }, createPainter(false))).toBe('No cards.');
  });
});
