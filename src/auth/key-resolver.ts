import { createLocalJWKSet, type JSONWebKeySet, type LocalJWKSet } from 'jose';
import { AuthenticationError } from './authentication-error.js';
import { normalizeAudience } from './token-audience.js';
import type { TokenHeader } from './bearer-token.js';
import { hasKid, type RemoteJwksCache } from './remote-jwks-cache.js';
import type { TrustedClient } from './trusted-client.js';

export type KeyResolver = (client: TrustedClient, header: TokenHeader) => Promise<LocalJWKSet>;

function isAllowListedJku(client: TrustedClient, jku: string): boolean {
  return client.jku !== undefined && normalizeAudience(client.jku) === normalizeAudience(jku);
}

/**
 * Finds the key set holding the token's `kid`. A key pinned inline for the issuer wins whatever `jku`
 * the header names (EHRs such as Epic always name one; the site may have handed the key over instead).
 * Otherwise only the client's allow-listed `jku` is fetched, and a header `jku` that is not the
 * client's own is refused before anything is fetched.
 */
export function createKeyResolver(remote: RemoteJwksCache): KeyResolver {
  // jose caches imported keys inside each LocalJWKSet, so keep one per key set object.
  const localSets = new WeakMap<JSONWebKeySet, LocalJWKSet>();

  function toLocalSet(keySet: JSONWebKeySet): LocalJWKSet {
    let local = localSets.get(keySet);
    if (local === undefined) {
      local = createLocalJWKSet(keySet);
      localSets.set(keySet, local);
    }
    return local;
  }

  return async (client, header) => {
    if (hasKid(client.jwks, header.kid)) return toLocalSet(client.jwks);
    if (header.jku !== undefined && !isAllowListedJku(client, header.jku)) {
      throw new AuthenticationError('jku not allow-listed for this iss');
    }
    if (client.jku !== undefined) {
      const fetched = await remote.getKeySet(client.jku, header.kid);
      if (hasKid(fetched, header.kid)) return toLocalSet(fetched);
    }
    throw new AuthenticationError('unknown kid');
  };
}
