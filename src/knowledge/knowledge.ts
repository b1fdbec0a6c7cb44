import type { ActivityDefinition, CodeSystem, ConceptMap, NamingSystem, ValueSet } from 'fhir/r4.js';
import type { FindingPage } from './finding-pages.js';
import type { Icd10cmTable } from './icd10cm-table.js';
import type { KnowledgeRelease } from './release.js';
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
  /** The release: version, notes and review status (fhir-profiles/release/). */
  readonly release: KnowledgeRelease;
  /** The shipped ICD-10-CM table (fhir-profiles/terminology/). */
  readonly icd10cm: Icd10cmTable;
  /** The ICD-10-CM fiscal year the value-set expansions were built in (the one in force at start-up). */
  readonly expansionFiscalYear: number;
  /** The static /knowledge page content of each finding kind. */
  readonly findingPages: ReadonlyMap<string, FindingPage>;
  /** Words for the rule thresholds (keys of RULE_THRESHOLDS). */
  readonly thresholdLabels: Readonly<Record<string, string>>;
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
