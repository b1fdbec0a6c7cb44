import { describe, expect, test } from '@jest/globals';
import { createReplayCache } from './replay-cache.js';

describe('createReplayCache', () => {
  test('a key is refused while its token is live and accepted again after expiry', () => {
    const cache = createReplayCache(10);
    expect(cache.remember('a', 1000, 0)).toBe(true);
    expect(cache.remember('a', 1000, 999)).toBe(false);
    expect(cache.remember('a', 3000, 1000)).toBe(true);
  });

  test('the cache never holds more than its bound, dropping expired entries first', () => {
    const cache = createReplayCache(3);
    cache.remember('old-expired', 50, 0);
    cache.remember('live-1', 1000, 0);
    cache.remember('live-2', 1000, 0);
    expect(cache.remember('live-3', 1000, 100)).toBe(true);
    expect(cache.size).toBe(3);
    expect(cache.remember('live-1', 1000, 100)).toBe(false);
    for (let i = 0; i < 20; i += 1) cache.remember(`flood-${i}`, 1000, 100);
    expect(cache.size).toBe(3);
  });
});
