/**
 * Records come from EHRs and are only shallowly checked (type and patient): a repeating element may be
 * missing, not an array, or hold nulls. Rules read repeating elements through this, never directly.
 */
export function objectsIn<T extends object>(value: readonly T[] | undefined): T[] {
  return Array.isArray(value)
    ? value.filter((item): item is T => typeof item === 'object' && item !== null && !Array.isArray(item))
    : [];
}

/** A string element, or undefined when it is missing or of another type. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
