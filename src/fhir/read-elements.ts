import type { CodeableConcept, Coding, FhirResource } from 'fhir/r4.js';

/*
 * Records and draft orders come from EHRs and are only shallowly checked (type and patient): an element
 * may be missing or of another type, and a repeating element may not be an array or may hold nulls.
 * Orders, rules and billing read elements through these, never directly.
 */

/** The items of a repeating element, or none when it is not an array. */
export function arrayOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** The items of a repeating element that are objects (not null, not arrays). */
export function objectsIn<T extends object>(value: readonly T[] | undefined): T[] {
  return Array.isArray(value)
    ? value.filter((item): item is T => typeof item === 'object' && item !== null && !Array.isArray(item))
    : [];
}

/** A string element, or undefined when it is missing or of another type. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The codings of a concept that are objects. */
export function codingsOf(concept: CodeableConcept | undefined): Coding[] {
  return objectsIn<Coding>(concept?.coding);
}

/** The concept's text and its codings' displays, leaving out blank ones. */
export function textsOf(concept: CodeableConcept | undefined): string[] {
  return [concept?.text, ...codingsOf(concept).map((c) => c.display)].filter(
    (t): t is string => typeof t === 'string' && t.trim() !== '',
  );
}

/** The codings of a concept that have both a system and a code (the only ones a claim can carry). */
export function completeCodingsOf(concept: CodeableConcept | undefined): Coding[] {
  return codingsOf(concept).filter((c) => typeof c.system === 'string' && typeof c.code === 'string');
}

const referencePatterns = new Map<string, RegExp>();

/**
 * A FHIR id's characters (A-Z a-z 0-9 - .), up to 256 of them, not FHIR's 64: Epic's ids (draft orders,
 * references) run to 150-200 characters (docs/integrations/epic.md).
 */
export const FHIR_ID_PATTERN = '[A-Za-z0-9\\-.]{1,256}';

/**
 * The id a reference points to when it names `resourceType` (`Condition/1`, `https://x/Condition/1/_history/2`).
 */
export function referencedId(reference: unknown, resourceType: string): string | undefined {
  if (typeof reference !== 'string') return undefined;
  let pattern = referencePatterns.get(resourceType);
  if (!pattern) {
    pattern = new RegExp(`(?:^|/)${resourceType}/(${FHIR_ID_PATTERN})(?:/_history/[^/]+)?$`);
    referencePatterns.set(resourceType, pattern);
  }
  return pattern.exec(reference)?.[1];
}

/** The resources of a Bundle's entries: entries and resources that are not objects with a resourceType are skipped. */
export function resourcesIn(bundle: { readonly entry?: unknown } | undefined): FhirResource[] {
  return objectsIn<{ resource?: unknown }>(bundle?.entry as readonly { resource?: unknown }[] | undefined)
    .map((entry) => entry.resource)
    .filter(
      (r): r is FhirResource =>
        typeof r === 'object' &&
        r !== null &&
        typeof (r as { resourceType?: unknown }).resourceType === 'string',
    );
}
