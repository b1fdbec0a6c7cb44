import { describe, expect, test } from '@jest/globals';
import type { CdsCard } from '../protocol/cds-types.js';
import { createIssuedCardQueue, type IssuedCardRow } from './issued-card-queue.js';

const card = (uuid: string): CdsCard => ({
  uuid,
  summary: 's',
  indicator: 'info',
  source: {
    label: 'hsg-cds',
    topic: { system: 'http://hsg-cds.org/fhir/CodeSystem/finding-kind', code: 'pregnancy' },
  },
});

describe('createIssuedCardQueue', () => {
  test('writes in batches, and keeps the rows of a failed write for the next flush', async () => {
    const written: IssuedCardRow[][] = [];
    let failing = true;
    const failures: [number, number][] = [];
    const queue = createIssuedCardQueue({
      write: (rows) => {
        if (failing) throw new Error('database down');
        written.push([...rows]);
      },
      onWriteFailed: (_error, kept, dropped) => failures.push([kept, dropped]),
      delayMs: 60_000,
    });
    queue.push('svc', 'hook-1', [card('a'), card('b')], new Date('2026-12-01T00:00:00Z'));
    await expect(queue.flush()).rejects.toThrow('database down');
    expect(queue.pending).toBe(2);
    queue.push('svc', 'hook-2', [card('c')], new Date('2026-12-01T00:00:01Z'));
    failing = false;
    await queue.flush();
    expect(written).toEqual([
      [
        ['a', 'svc', 'hook-1', 'pregnancy', 'info', '2026-12-01T00:00:00.000Z'],
        ['b', 'svc', 'hook-1', 'pregnancy', 'info', '2026-12-01T00:00:00.000Z'],
        ['c', 'svc', 'hook-2', 'pregnancy', 'info', '2026-12-01T00:00:01.000Z'],
      ],
    ]);
    expect(failures).toEqual([[2, 0]]);
    expect(queue.pending).toBe(0);
  });

  test('while the database is down, the oldest rows go beyond the bound', async () => {
    const failures: [number, number][] = [];
    const queue = createIssuedCardQueue({
      write: () => Promise.reject(new Error('down')),
      onWriteFailed: (_error, kept, dropped) => failures.push([kept, dropped]),
      delayMs: 60_000,
      batchSize: 1000,
      maxPending: 3,
    });
    queue.push('svc', 'h', [card('1'), card('2'), card('3'), card('4'), card('5')], new Date());
    await expect(queue.flush()).rejects.toThrow('down');
    expect(failures).toEqual([[3, 2]]);
    expect(queue.pending).toBe(3);
  });
});
