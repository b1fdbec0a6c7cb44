import fc from 'fast-check';
import { checkCdsResponse } from '../protocol/validate-response.js';
import { buildCard, fitSummary, MAX_SUMMARY_LENGTH } from './card-builder.js';
import { escapeMarkdown } from './markdown.js';

const source = { label: 'hsg-cds', topic: { system: 'urn:topic', code: 't' } };

describe('buildCard', () => {
  it('adds uuids and selectionBehavior, and omits empty members', () => {
    const card = buildCard({
      summary: 'Summary',
      indicator: 'warning',
      detail: '  ',
      source,
      suggestions: [
        {
          label: 'Do it',
          actions: [{ type: 'delete', description: 'Remove', resourceId: 'ServiceRequest/1' }],
        },
      ],
      overrideReasons: [{ system: 's', code: 'c', display: '' }],
      links: [],
      extension: {},
    });
    expect(card).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      summary: 'Summary',
      indicator: 'warning',
      source,
      selectionBehavior: 'at-most-one',
      suggestions: [{ label: 'Do it', uuid: expect.any(String), actions: [expect.any(Object)] }],
    });
    expect(checkCdsResponse({ cards: [card] })).toEqual([]);
  });

  it('gives every card and suggestion a different uuid', () => {
    const spec = {
      summary: 's',
      indicator: 'info' as const,
      source,
      suggestions: [
        { label: 'a', actions: [] },
        { label: 'b', actions: [] },
      ],
    };
    const a = buildCard(spec);
    const b = buildCard(spec);
    expect(new Set([a.uuid, b.uuid, ...a.suggestions!.map((s) => s.uuid)]).size).toBe(4);
  });

  it('refuses actions that break the spec', () => {
    expect(() =>
      buildCard({
        summary: 's',
        indicator: 'info',
        source,
        suggestions: [{ label: 'x', actions: [{ type: 'delete', description: '', resourceId: 'A/1' }] }],
      }),
    ).toThrow(/description/);
    expect(() =>
      buildCard({
        summary: 's',
        indicator: 'info',
        source,
        suggestions: [{ label: 'x', actions: [{ type: 'create', description: 'c' }] }],
      }),
    ).toThrow(/resource/);
    expect(() =>
      buildCard({
        summary: 's',
        indicator: 'info',
        source,
        links: [{ label: 'l', url: 'https://a.org', type: 'absolute', appContext: 'x' }],
      }),
    ).toThrow(/appContext/);
  });
});

describe('fitSummary', () => {
  it('keeps short summaries and cuts long ones under 140 characters at a word', () => {
    expect(fitSummary('  two   words ')).toBe('two words');
    const long = fitSummary('word '.repeat(60));
    expect(long.length).toBeLessThanOrEqual(MAX_SUMMARY_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('escapeMarkdown', () => {
  it('renders record text literally: no HTML, no links, no emphasis', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)> [click](javascript:x) *bold*\nnext')).toBe(
      '&lt;img src=x onerror=alert\\(1\\)&gt; \\[click\\]\\(javascript:x\\) \\*bold\\* next',
    );
  });

  it('leaves plain text as it is and escapes every markup character in any text', () => {
    expect(escapeMarkdown('Hysterosalpingography, radiological supervision')).toBe(
      'Hysterosalpingography, radiological supervision',
    );
    const markup = '\\`*_{}[]()#+!|~';
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab <>&\r\n', ...markup) }), (text) => {
        const out = escapeMarkdown(text);
        expect(out).not.toMatch(/[<>\r\n]/);
        // Outside the escapes, no markup character is left bare.
        expect(out.replace(/\\[\\`*_{}[\]()#+!|~]/g, '').replace(/&(amp|lt|gt);/g, '')).toMatch(/^[ab ]*$/);
      }),
      { seed: 20261128, numRuns: 500 },
    );
  });
});
