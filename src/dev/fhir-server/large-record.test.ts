import { generateLargeRecord } from './large-record.js';

describe('generateLargeRecord', () => {
  it('builds a transaction of PUT entries with fixed, unique ids for one patient', () => {
    const bundle = generateLargeRecord('big-1', { observations: 30, conditions: 7 });
    const entries = bundle.entry ?? [];
    expect(bundle.type).toBe('transaction');
    expect(entries).toHaveLength(38);
    expect(entries.every((e) => e.request?.method === 'PUT')).toBe(true);
    expect(entries.every((e) => e.request?.url === `${e.resource?.resourceType}/${e.resource?.id}`)).toBe(
      true,
    );
    expect(new Set(entries.map((e) => e.request?.url)).size).toBe(38);
    const types = entries.map((e) => e.resource?.resourceType);
    expect(types.filter((t) => t === 'Observation')).toHaveLength(30);
    expect(types.filter((t) => t === 'Condition')).toHaveLength(7);
  });

  it('is deterministic and keeps dates in the past', () => {
    const a = generateLargeRecord('p', { observations: 20000, conditions: 700 });
    expect(JSON.stringify(generateLargeRecord('p', { observations: 20000, conditions: 700 }))).toBe(
      JSON.stringify(a),
    );
    const dates = (a.entry ?? []).flatMap((e) => {
      const r = e.resource;
      if (r?.resourceType === 'Observation') return [r.effectiveDateTime ?? ''];
      return r?.resourceType === 'Condition' ? [r.onsetDateTime ?? '', r.recordedDate ?? ''] : [];
    });
    expect(dates).toHaveLength(21400);
    expect(dates.every((d) => d >= '2010-01-01' && d < '2024-01-01')).toBe(true);
  });
});
