/**
 * Remembers accepted token ids (`iss` + `jti`) until the token expires, so a captured token cannot be
 * replayed. In memory for one process; in the shared database (postgres-replay-cache.ts) for replicas.
 */
export interface ReplayCache {
  /** Records the id and returns true, or returns false when it was already seen and is still live. */
  remember(key: string, expiresAtMs: number, nowMs: number): boolean | Promise<boolean>;
}

export interface MemoryReplayCache extends ReplayCache {
  remember(key: string, expiresAtMs: number, nowMs: number): boolean;
  readonly size: number;
}

/**
 * The replica's own memory. Bounded: when full, expired entries go first, then the oldest, so memory
 * cannot grow without limit under a flood of valid tokens.
 */
export function createReplayCache(maxEntries = 50_000): MemoryReplayCache {
  // Map keeps insertion order, which is close to expiry order for tokens of similar lifetime.
  const entries = new Map<string, number>();

  function dropExpired(nowMs: number): void {
    for (const [key, expiresAt] of entries) if (expiresAt <= nowMs) entries.delete(key);
  }

  function makeRoom(nowMs: number): void {
    if (entries.size < maxEntries) return;
    dropExpired(nowMs);
    while (entries.size >= maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) return;
      entries.delete(oldest.value);
    }
  }

  return {
    remember(key, expiresAtMs, nowMs) {
      const seenUntil = entries.get(key);
      if (seenUntil !== undefined && seenUntil > nowMs) return false;
      entries.delete(key);
      makeRoom(nowMs);
      entries.set(key, expiresAtMs);
      return true;
    },
    get size() {
      return entries.size;
    },
  };
}
