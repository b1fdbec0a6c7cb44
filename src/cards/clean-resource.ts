/** Deeper than any real FHIR resource; deeper input is an attack or an error, not an order. */
export const MAX_RESOURCE_DEPTH = 40;

const TOO_DEEP = Symbol('too deep');

function clean(value: unknown, depth: number): unknown {
  if (depth > MAX_RESOURCE_DEPTH) throw TOO_DEEP;
  if (value === null || value === '') return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => clean(v, depth + 1)).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => [k, clean(v, depth + 1)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  return value;
}

/**
 * A resource copied from the request into an action (an update sends the whole draft order) must keep
 * the response's rules: no null, "", [] or {} anywhere. Returns undefined for a resource nested deeper
 * than any real one, so the suggestion is left out rather than the call failing.
 */
export function cleanResource<T extends object>(resource: T): T | undefined {
  try {
    return clean(resource, 0) as T | undefined;
  } catch (error) {
    if (error === TOO_DEEP) return undefined;
    throw error;
  }
}
