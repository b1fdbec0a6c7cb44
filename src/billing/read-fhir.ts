import type { CodeableConcept, Coding } from 'fhir/r4.js';
import { codingsOf } from '../fhir/read-elements.js';

/** The codings of a concept that have both a system and a code: the only ones a claim can carry. */
export function completeCodingsOf(concept: CodeableConcept | undefined): Coding[] {
  return codingsOf(concept).filter((c) => typeof c.system === 'string' && typeof c.code === 'string');
}

/** The id a reference points to when it names `resourceType` (`Condition/1`, `https://x/Condition/1/_history/2`). */
export function referencedId(reference: unknown, resourceType: string): string | undefined {
  if (typeof reference !== 'string') return undefined;
  const match = new RegExp(`(?:^|/)${resourceType}/([A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]+)?$`).exec(
    reference,
  );
  return match?.[1];
}
