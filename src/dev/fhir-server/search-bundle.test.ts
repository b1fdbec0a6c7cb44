import type { Bundle } from 'fhir/r4.js';
import { completeSearchBundle } from './search-bundle.js';

const BASE = 'http://127.0.0.1:1/fhir/R4';

function page(total: number, ids: string[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total,
    entry: ids.map((id) => ({ resource: { resourceType: 'Condition', id, subject: {} } })),
  };
}

function relations(bundle: Bundle): Record<string, string | null> {
  return Object.fromEntries(
    (bundle.link ?? []).map((l) => [l.relation, new URL(l.url).searchParams.get('_offset')]),
  );
}

describe('completeSearchBundle', () => {
  const search = (count: number, offset: number) => ({
    query: new URLSearchParams(`patient=Patient%2Fp&_count=${count}&_offset=${offset}`),
    count,
    offset,
  });

  it('adds self and next on the first of several pages, and fullUrl and search mode to entries', () => {
    const bundle = completeSearchBundle(page(5, ['a', 'b']), BASE, 'Condition', search(2, 0));
    expect(relations(bundle)).toEqual({ self: '0', next: '2' });
    expect(bundle.link?.[0]?.url).toBe(`${BASE}/Condition?patient=Patient%2Fp&_count=2&_offset=0`);
    expect(bundle.entry?.[0]).toMatchObject({ fullUrl: `${BASE}/Condition/a`, search: { mode: 'match' } });
  });

  it('adds previous and no next on the last page', () => {
    expect(relations(completeSearchBundle(page(5, ['e']), BASE, 'Condition', search(2, 4)))).toEqual({
      self: '4',
      previous: '2',
    });
  });

  it('adds only self to an empty result', () => {
    const bundle = completeSearchBundle(
      { resourceType: 'Bundle', type: 'searchset', total: 0 },
      BASE,
      'Condition',
      search(20, 0),
    );
    expect(relations(bundle)).toEqual({ self: '0' });
    expect(bundle.entry).toBeUndefined();
  });
});
