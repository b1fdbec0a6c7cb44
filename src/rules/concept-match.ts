import type { CodeableConcept, Coding } from 'fhir/r4.js';
import { codingsOf, stringOf, textsOf } from '../fhir/read-elements.js';
import type { ValueSetIndex } from '../knowledge/value-set-index.js';

/** The first coding of the concept in the value set (system and code). */
export function matchingCoding(
  valueSets: ValueSetIndex,
  url: string,
  concept: CodeableConcept | undefined,
): Coding | undefined {
  return valueSets.firstMatch(url, concept?.coding);
}

/** A human label for a concept: its text, else the first display, else system code. */
export function conceptLabel(
  concept: CodeableConcept | undefined,
  options: { readonly withCode?: boolean } = {},
): string {
  const first = codingsOf(concept)[0];
  const label = textsOf(concept)[0]?.trim();
  const code = first?.code && options.withCode !== false ? ` (${first.code})` : '';
  if (label) return `${label}${code}`;
  return stringOf(first?.code) ?? 'unnamed';
}
