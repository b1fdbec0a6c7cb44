import type { JSONWebKeySet } from 'jose';
import { isPublicVerificationKey } from './public-keys.js';

export type FetchJwks = (url: string) => Promise<unknown>;

export interface RemoteJwksCacheOptions {
  fetchJwks: FetchJwks;
  now: () => number;
  /** After this age a set is refreshed on next use; a failed refresh keeps the old set. */
  maxAgeMs?: number;
  /** At most one fetch per URL in this interval, however many unknown `kid`s arrive. */
  minRefreshIntervalMs?: number;
}

export interface RemoteJwksCache {
  /** The last good key set for `url`, fetched first when missing, stale, or lacking `kid`. */
  getKeySet(url: string, kid: string): Promise<JSONWebKeySet | undefined>;
}

interface Entry {
  keys: JSONWebKeySet | undefined;
  fetchedAt: number;
  attemptedAt: number;
  pending: Promise<void> | undefined;
}

function toKeySet(body: unknown): JSONWebKeySet {
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new Error('not a JWK Set');
  return { keys: keys.filter(isPublicVerificationKey) };
}

export function hasKid(keySet: JSONWebKeySet | undefined, kid: string): keySet is JSONWebKeySet {
  return keySet?.keys.some((key) => key.kid === kid) ?? false;
}

/**
 * Caches the JWK Sets fetched from allow-listed `jku` URLs. Keys rotate, so an unknown `kid` triggers a
 * refresh, but rate-limited so forged `kid`s cannot turn the service into a fetch amplifier. An
 * outage of the key endpoint keeps the last good set in service.
 */
export function createRemoteJwksCache(options: RemoteJwksCacheOptions): RemoteJwksCache {
  const { fetchJwks, now } = options;
  const maxAgeMs = options.maxAgeMs ?? 60 * 60 * 1000;
  const minRefreshIntervalMs = options.minRefreshIntervalMs ?? 60 * 1000;
  const entries = new Map<string, Entry>();

  async function refresh(url: string, entry: Entry): Promise<void> {
    entry.attemptedAt = now();
    try {
      entry.keys = toKeySet(await fetchJwks(url));
      entry.fetchedAt = now();
    } catch {
      // Keep serving the last good set; the caller sees only the missing key.
    }
  }

  function shouldRefresh(entry: Entry, kid: string): boolean {
    if (now() - entry.attemptedAt < minRefreshIntervalMs) return false;
    return !hasKid(entry.keys, kid) || now() - entry.fetchedAt >= maxAgeMs;
  }

  return {
    async getKeySet(url, kid) {
      let entry = entries.get(url);
      if (entry === undefined) {
        entry = { keys: undefined, fetchedAt: -Infinity, attemptedAt: -Infinity, pending: undefined };
        entries.set(url, entry);
      }
      if (entry.pending === undefined && shouldRefresh(entry, kid)) {
        const current = entry;
        current.pending = refresh(url, current).finally(() => {
          current.pending = undefined;
        });
      }
      // A set that already holds the kid answers at once; only a missing kid waits for the refresh.
      if (!hasKid(entry.keys, kid)) await entry.pending;
      return entry.keys;
    },
  };
}
