import { timingSafeEqual } from 'node:crypto';

export type FhirInteraction = 'metadata' | 'search' | 'read' | 'transaction' | 'other';

/** What the server saw of one request; the Authorization value itself is never kept. */
export interface RecordedRequest {
  readonly method: string;
  /** Path including the base path, e.g. `/fhir/R4/Observation`. */
  readonly path: string;
  /** Raw query string without the leading `?` (empty when there is none). */
  readonly query: string;
  readonly interaction: FhirInteraction;
  /** The resource type addressed by a search or read. */
  readonly resourceType?: string;
  readonly authorizationPresent: boolean;
  /** True when it was exactly `Bearer <configured token>` (false when no token is configured). */
  readonly authorizationMatched: boolean;
}

export interface AuthorizationCheck {
  readonly present: boolean;
  readonly matched: boolean;
}

export function checkAuthorization(
  header: string | undefined,
  bearerToken: string | undefined,
): AuthorizationCheck {
  const present = header !== undefined;
  if (!present || bearerToken === undefined) return { present, matched: false };
  const expected = Buffer.from(`Bearer ${bearerToken}`);
  const actual = Buffer.from(header);
  return { present, matched: actual.length === expected.length && timingSafeEqual(actual, expected) };
}

/** Classifies a request from its path segments below the base URL. */
export function classifyRequest(
  method: string,
  segments: readonly string[],
): { interaction: FhirInteraction; resourceType?: string } {
  const [first, second] = segments;
  if (segments.length === 0) return { interaction: method === 'POST' ? 'transaction' : 'other' };
  if (first === 'metadata' && segments.length === 1) return { interaction: 'metadata' };
  if (method === 'GET' && segments.length === 1) return { interaction: 'search', resourceType: first };
  if (method === 'POST' && second === '_search' && segments.length === 2) {
    return { interaction: 'search', resourceType: first };
  }
  if (method === 'GET' && segments.length === 2) return { interaction: 'read', resourceType: first };
  return { interaction: 'other', ...(first ? { resourceType: first } : {}) };
}
