import type { Bundle, BundleLink } from 'fhir/r4.js';
import type { PreparedSearch } from './search-query.js';

export function isBundle(value: unknown): value is Bundle {
  return (
    typeof value === 'object' && value !== null && 'resourceType' in value && value.resourceType === 'Bundle'
  );
}

/**
 * MemoryRepository returns bare searchsets; paging clients need `self`/`next`/`previous` links and every
 * entry needs a `fullUrl`, as HAPI and other servers provide.
 */
export function completeSearchBundle(
  bundle: Bundle,
  baseUrl: string,
  resourceType: string,
  search: PreparedSearch,
): Bundle {
  const pageUrl = (offset: number): string => {
    const query = new URLSearchParams(search.query);
    query.set('_offset', String(offset));
    return `${baseUrl}/${resourceType}?${query.toString()}`;
  };
  const link: BundleLink[] = [{ relation: 'self', url: pageUrl(search.offset) }];
  const total = bundle.total ?? 0;
  if (search.count > 0 && search.offset + search.count < total) {
    link.push({ relation: 'next', url: pageUrl(search.offset + search.count) });
  }
  if (search.count > 0 && search.offset > 0) {
    link.push({ relation: 'previous', url: pageUrl(Math.max(0, search.offset - search.count)) });
  }
  const entry = bundle.entry?.map((e) => ({
    fullUrl: e.resource?.id ? `${baseUrl}/${e.resource.resourceType}/${e.resource.id}` : undefined,
    ...e,
    search: { mode: 'match' as const },
  }));
  return { resourceType: 'Bundle', type: 'searchset', total, link, ...(entry ? { entry } : {}) };
}
