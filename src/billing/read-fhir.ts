import type { CodeableConcept, Coding } from 'fhir/r4.js';

/** Draft orders and records come from the EHR: read arrays and codings defensively. */
export function asArray<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

export function codingsOf(concept: CodeableConcept | undefined): Coding[] {
  return asArray<Coding>(concept?.coding).filter(
    (c): c is Coding =>
      typeof c === 'object' && c !== null && typeof c.system === 'string' && typeof c.code === 'string',
  );
}

export function textsOf(concept: CodeableConcept | undefined): string[] {
  const texts = [concept?.text, ...asArray<Coding>(concept?.coding).map((c) => c?.display)];
  return texts.filter((t): t is string => typeof t === 'string' && t.trim().length > 0);
}

/** The id a reference points to when it names `resourceType` (`Condition/1`, `https://x/Condition/1/_history/2`). */
export function referencedId(reference: unknown, resourceType: string): string | undefined {
  if (typeof reference !== 'string') return undefined;
  const match = new RegExp(`(?:^|/)${resourceType}/([A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]+)?$`).exec(
    reference,
  );
  return match?.[1];
}
