import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root.js';
import { checkCdsResponse } from './validate-response.js';

const fixture = (path: string): unknown =>
  JSON.parse(readFileSync(join(projectRoot(), 'test', 'fixtures', path), 'utf8'));

const goodCard = {
  uuid: '6b9bd8f3-5a0c-4f9b-9e1a-6d7f0a0b7c11',
  summary: 'Positive hCG 3 days ago: HSG is contraindicated in pregnancy',
  indicator: 'critical',
  source: {
    label: 'hsg-cds',
    topic: { system: 'http://hsg-cds.org/fhir/CodeSystem/finding-kind', code: 'pregnancy' },
  },
  selectionBehavior: 'at-most-one',
  suggestions: [
    {
      label: 'Cancel the HSG order',
      uuid: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
      actions: [
        { type: 'delete', description: 'Remove the draft order', resourceId: 'ServiceRequest/hsg-1' },
      ],
    },
  ],
};
const draftOrders = {
  resourceType: 'Bundle' as const,
  type: 'collection' as const,
  entry: [
    {
      resource: {
        resourceType: 'ServiceRequest' as const,
        id: 'hsg-1',
        status: 'draft' as const,
        intent: 'order' as const,
        subject: {},
      },
    },
  ],
};
const withCard = (patch: Record<string, unknown>) => ({ cards: [{ ...goodCard, ...patch }] });

describe('checkCdsResponse', () => {
  it('accepts a valid response and the empty response', () => {
    expect(checkCdsResponse({ cards: [goodCard] }, { draftOrders })).toEqual([]);
    expect(checkCdsResponse(fixture('hl7-cds-hooks-spec/card-response-empty.json'))).toEqual([]);
  });

  it.each([
    ['a summary of 140 characters', withCard({ summary: 'x'.repeat(140) })],
    ['a pre-1.0 indicator', withCard({ indicator: 'hard-stop' })],
    ['no uuid', withCard({ uuid: undefined })],
    ['suggestions without selectionBehavior', withCard({ selectionBehavior: undefined })],
    ['an empty suggestions array', withCard({ suggestions: [] })],
    ['a null detail', withCard({ detail: null })],
    ['an empty detail', withCard({ detail: '' })],
    ['an override reason without display', withCard({ overrideReasons: [{ system: 's', code: 'c' }] })],
    [
      'appContext on an absolute link',
      withCard({ links: [{ label: 'l', url: 'https://x.org', type: 'absolute', appContext: '{}' }] }),
    ],
    [
      'an action without description',
      withCard({
        suggestions: [
          {
            label: 'l',
            uuid: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
            actions: [{ type: 'delete', resourceId: 'ServiceRequest/hsg-1' }],
          },
        ],
      }),
    ],
    [
      'a delete with a resource',
      withCard({
        suggestions: [
          {
            label: 'l',
            uuid: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
            actions: [{ type: 'delete', description: 'd', resource: { resourceType: 'ServiceRequest' } }],
          },
        ],
      }),
    ],
    ['an empty extension', withCard({ extension: {} })],
    [
      'the spec example with no indicator (autolaunchable)',
      fixture('hl7-cds-hooks-spec/card-response-autolaunchable.json'),
    ],
    [
      'the spec systemActions example (no description)',
      fixture('hl7-cds-hooks-spec/system-actions-response.json'),
    ],
    [
      'the PAMA suggestion without selectionBehavior or uuids',
      fixture('cds-hooks-for-pama/scenario-02-suggestion-response.json'),
    ],
  ])('rejects %s', (_name, response) => {
    expect(checkCdsResponse(response, { draftOrders }).length).toBeGreaterThan(0);
  });

  it('rejects a delete of something that is not a draft order, duplicate uuids and a foreign topic system', () => {
    const foreign = withCard({
      suggestions: [
        {
          ...goodCard.suggestions[0],
          actions: [{ type: 'delete', description: 'd', resourceId: 'ServiceRequest/other' }],
        },
      ],
    });
    expect(checkCdsResponse(foreign, { draftOrders })).toEqual([expect.stringMatching(/not in draftOrders/)]);
    expect(checkCdsResponse({ cards: [goodCard, goodCard] })).toEqual(
      expect.arrayContaining([expect.stringMatching(/not unique/)]),
    );
    expect(checkCdsResponse({ cards: [goodCard] }, { topicSystem: 'urn:other' })).toEqual([
      expect.stringMatching(/topic/),
    ]);
  });
});
