import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AuthenticationError } from './authentication-error.js';
import { type AllowedAlgorithm, isAllowedAlgorithm } from './public-keys.js';

export interface TokenHeader {
  readonly alg: AllowedAlgorithm;
  readonly kid: string;
  readonly jku: string | undefined;
}

/** Large enough for any real client JWT, small enough that parsing stays cheap. */
const MAX_TOKEN_LENGTH = 8192;

export function readBearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '')
    throw new AuthenticationError('no bearer token');
  const match = /^Bearer +([A-Za-z0-9_\-.]+)\s*$/i.exec(authorization);
  if (!match?.[1]) throw new AuthenticationError('authorization is not a Bearer token');
  if (match[1].length > MAX_TOKEN_LENGTH) throw new AuthenticationError('token too long');
  return match[1];
}

/** Header checks run before any key lookup, so a refused `alg` or `jku` never reaches the network. */
export function readTokenHeader(token: string): TokenHeader {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new AuthenticationError('malformed token header');
  }
  if (!isAllowedAlgorithm(header.alg))
    throw new AuthenticationError(`alg ${String(header.alg).slice(0, 16)} not allowed`);
  if (typeof header.kid !== 'string' || header.kid === '') throw new AuthenticationError('kid missing');
  if (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT') {
    throw new AuthenticationError('typ is not JWT');
  }
  if (header.jku !== undefined && typeof header.jku !== 'string')
    throw new AuthenticationError('jku malformed');
  return { alg: header.alg, kid: header.kid, jku: header.jku };
}

/** The issuer picks the client whose keys will verify the token; nothing else is trusted before that. */
export function readUnverifiedIssuer(token: string): string {
  let iss: unknown;
  try {
    iss = decodeJwt(token).iss;
  } catch {
    throw new AuthenticationError('malformed token payload');
  }
  if (typeof iss !== 'string' || iss === '') throw new AuthenticationError('iss missing');
  return iss;
}
