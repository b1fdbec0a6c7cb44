import type { ActivityDefinition, CodeSystem, ConceptMap, NamingSystem, ValueSet } from 'fhir/r4.js';
import type { ValueSetIndex } from './value-set-index.js';

/** Everything clinical the service knows, loaded once from fhir-profiles/ and immutable afterwards. */
export interface Knowledge {
  readonly valueSets: ValueSetIndex;
  readonly codeSystems: ReadonlyMap<string, CodeSystem>;
  readonly conceptMaps: ReadonlyMap<string, ConceptMap>;
  readonly activityDefinitions: ReadonlyMap<string, ActivityDefinition>;
  /** Display of a code from one of the project's CodeSystems. */
  display(system: string, code: string): string | undefined;
  /** The preferred URI of a code system named by an alias (OID, http/https variant); others unchanged. */
  canonicalSystem(system: string): string;
  /** What was loaded, for /readyz and the logs. */
  readonly summary: readonly KnowledgeResourceSummary[];
}

export interface KnowledgeResourceSummary {
  readonly resourceType: string;
  readonly url: string;
  readonly version: string;
  readonly file: string;
}

export type KnowledgeResource = ValueSet | CodeSystem | ConceptMap | ActivityDefinition | NamingSystem;
