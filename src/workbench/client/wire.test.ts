import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { projectRoot } from '../../project-root.js';
import { readCards, readDiscovery } from './wire.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(projectRoot(), 'test', 'fixtures', 'hl7-cds-hooks-spec', name), 'utf8'));

describe('readCards', () => {
  test('reads the specification’s example response', () => {
    const cards = readCards(fixture('card-response-example.json'));
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(['info', 'warning', 'critical']).toContain(card.indicator);
  });

  test('leaves out cards too malformed to show, and keeps only well-formed parts of the rest', () => {
    const cards = readCards({
      cards: [
        { summary: 'no source', indicator: 'info' },
        { summary: 'bad indicator', indicator: 'hard-stop', source: { label: 's' } },
        {
          uuid: 'ok',
          summary: 'fine',
          indicator: 'warning',
          source: { label: 's', topic: { code: 'x' } },
          suggestions: [
            { label: 'no uuid' },
            { label: 'go', uuid: 'u', actions: [{ type: 'delete', resourceId: 'A/1' }, { type: 'explode' }] },
          ],
          links: [{ label: 'l', url: 'https://x.example', type: 'absolute' }, { label: 'no url' }],
          overrideReasons: [{ code: 'r', display: 'R' }, 'nonsense'],
        },
      ],
    });
    expect(cards).toEqual([
      expect.objectContaining({
        uuid: 'ok',
        suggestions: [
          { label: 'go', uuid: 'u', isRecommended: false, actions: [{ type: 'delete', resourceId: 'A/1' }] },
        ],
        links: [{ label: 'l', url: 'https://x.example', type: 'absolute' }],
        overrideReasons: [{ code: 'r', display: 'R' }],
      }),
    ]);
    expect(readCards('not json')).toEqual([]);
  });
});

describe('readDiscovery', () => {
  test('keeps the order-select, order-sign and patient-view services with string prefetch templates', () => {
    const services = readDiscovery({
      services: [
        { id: 'a', hook: 'order-select', prefetch: { p: 'Patient/{{context.patientId}}' } },
        { id: 'b', hook: 'patient-view' },
        { id: 'c', hook: 'order-sign', prefetch: { p: 42 } },
        { id: 'd', hook: 'order-sign' },
        { id: 'e', hook: 'encounter-start' },
      ],
    });
    expect(services.map((s) => s.id)).toEqual(['a', 'b', 'd']);
  });
});
