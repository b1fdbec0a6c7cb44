import { getSearchParameter } from '@medplum/core';

/** What a search asks for once defaults are applied: the query to run and the page it selects. */
export interface PreparedSearch {
  readonly query: URLSearchParams;
  readonly count: number;
  readonly offset: number;
}

/** Thrown for a search the server refuses (answered 400). */
export class InvalidSearchError extends Error {}

/**
 * Normalises a search query so MemoryRepository answers it the way HAPI would: bare ids become typed
 * references, and every search is paged (`_count` defaults, `_offset` starts at 0).
 */
export function prepareSearch(
  resourceType: string,
  query: URLSearchParams,
  defaultCount: number,
): PreparedSearch {
  const prepared = new URLSearchParams();
  for (const [key, value] of query) prepared.append(key, qualifyBareReferences(resourceType, key, value));
  const count = readNonNegativeInteger(prepared, '_count') ?? defaultCount;
  const offset = readNonNegativeInteger(prepared, '_offset') ?? 0;
  prepared.set('_count', String(count));
  prepared.set('_offset', String(offset));
  return { query: prepared, count, offset };
}

/**
 * medplum 4.x matches reference params only against `Type/id`; FHIR lets clients send a bare id when the
 * parameter has a single target type (`patient=abc`), so that form is rewritten to `patient=Patient/abc`.
 */
export function qualifyBareReferences(resourceType: string, key: string, value: string): string {
  if (key.includes(':') || key.startsWith('_')) return value;
  const param = getSearchParameter(resourceType, key);
  const target = param?.type === 'reference' && param.target?.length === 1 ? param.target[0] : undefined;
  if (!target) return value;
  return value
    .split(',')
    .map((v) => (v !== '' && !v.includes('/') ? `${target}/${v}` : v))
    .join(',');
}

function readNonNegativeInteger(query: URLSearchParams, key: string): number | undefined {
  const raw = query.get(key);
  if (raw === null) return undefined;
  if (!/^\d{1,9}$/.test(raw)) throw new InvalidSearchError(`${key} must be a non-negative integer`);
  return Number(raw);
}
