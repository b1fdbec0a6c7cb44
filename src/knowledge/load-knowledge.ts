import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import type {
  ActivityDefinition,
  CodeSystem,
  CodeSystemConcept,
  ConceptMap,
  NamingSystem,
  ValueSet,
  ValueSetComposeInclude,
} from 'fhir/r4.js';
import { StartupError } from '../errors.js';
import { projectRoot } from '../project-root.js';
import { buildCodeSystemAliases, CodeSystemAliasError } from './code-system-aliases.js';
import { expandValueSets } from './expand-value-sets.js';
import { loadFindingPages } from './finding-pages.js';
import { loadIcd10cmTable } from './icd10cm-table.js';
import type { Knowledge, KnowledgeResource, KnowledgeResourceSummary } from './knowledge.js';
import { knowledgeResourceSchema } from './knowledge-schema.js';
import { loadRelease, RELEASE_DIR } from './release.js';
import { buildValueSetIndex, ICD10CM_SYSTEM, ValueSetCompileError } from './value-set-index.js';

export const DEFAULT_KNOWLEDGE_DIR = join(projectRoot(), 'fhir-profiles');

/** Folders under fhir-profiles/ that hold examples, release metadata, page text and terminology, not FHIR knowledge. */
const SKIPPED_FOLDERS = new Set(['examples', RELEASE_DIR, 'pages', 'terminology']);

function listJsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return SKIPPED_FOLDERS.has(name) ? [] : listJsonFiles(path);
      return name.endsWith('.json') ? [path] : [];
    });
}

/** Every concept of a CodeSystem, nested ones included. */
export function flattenConcepts(concepts: readonly CodeSystemConcept[] | undefined): CodeSystemConcept[] {
  return (concepts ?? []).flatMap((c) => [c, ...flattenConcepts(c.concept)]);
}

export interface LoadKnowledgeOptions {
  /**
   * Extra `compose.include` entries per value-set URL, from the integrator's configuration (a site's own
   * order codes, SITE_ORDER_CODES); the shipped files are not changed.
   */
  readonly valueSetSupplements?: ReadonlyMap<string, readonly ValueSetComposeInclude[]>;
  /** The clock deciding the ICD-10-CM fiscal year of the expansions (default: now). */
  readonly now?: Date;
}

/** The value sets with the configured includes added; a supplement for an unknown value set is an error. */
function withSupplements(
  valueSets: readonly ValueSet[],
  supplements: LoadKnowledgeOptions['valueSetSupplements'],
): ValueSet[] {
  if (!supplements) return [...valueSets];
  for (const url of supplements.keys()) {
    if (!valueSets.some((vs) => vs.url === url))
      throw new StartupError(`Configured codes name an unknown value set ${url}`);
  }
  return valueSets.map((vs) => {
    const extra = vs.url ? supplements.get(vs.url) : undefined;
    if (!extra) return vs;
    return { ...vs, compose: { ...vs.compose, include: [...(vs.compose?.include ?? []), ...extra] } };
  });
}

/**
 * Reads and validates every FHIR knowledge resource in `dir` (ValueSet, CodeSystem, ConceptMap,
 * ActivityDefinition, NamingSystem) and precomputes the lookups. Any problem stops start-up with a
 * message naming the file and what is wrong.
 */
export function loadKnowledge(
  dir: string = DEFAULT_KNOWLEDGE_DIR,
  options: LoadKnowledgeOptions = {},
): Knowledge {
  const validate = new Ajv({ allErrors: false, strict: false }).compile<KnowledgeResource>(
    knowledgeResourceSchema,
  );
  let files: string[];
  try {
    files = listJsonFiles(dir);
  } catch (error) {
    throw new StartupError(`Knowledge folder ${dir} cannot be read: ${(error as Error).message}`);
  }
  const valueSets: ValueSet[] = [];
  const codeSystems = new Map<string, CodeSystem>();
  const conceptMaps = new Map<string, ConceptMap>();
  const activityDefinitions = new Map<string, ActivityDefinition>();
  const namingSystems: NamingSystem[] = [];
  const summary: KnowledgeResourceSummary[] = [];
  const seenUrls = new Map<string, string>();

  for (const file of files) {
    const name = relative(dir, file);
    let resource: unknown;
    try {
      resource = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new StartupError(`Knowledge file ${name} is not valid JSON: ${(error as Error).message}`);
    }
    if (!validate(resource)) {
      const e = validate.errors?.[0];
      throw new StartupError(
        `Knowledge file ${name} is invalid at ${e?.instancePath || '/'}: ${e?.message ?? 'unknown'}`,
      );
    }
    const url =
      'url' in resource && resource.url ? resource.url : `${resource.resourceType}/${resource.id ?? name}`;
    const previous = seenUrls.get(url);
    if (previous) throw new StartupError(`Knowledge files ${previous} and ${name} both define ${url}`);
    seenUrls.set(url, name);
    summary.push({
      resourceType: resource.resourceType,
      url,
      version: ('version' in resource ? resource.version : undefined) ?? '',
      file: name,
    });
    switch (resource.resourceType) {
      case 'ValueSet':
        valueSets.push(resource);
        break;
      case 'CodeSystem':
        codeSystems.set(url, resource);
        break;
      case 'ConceptMap':
        conceptMaps.set(url, resource);
        break;
      case 'ActivityDefinition':
        activityDefinitions.set(url, resource);
        break;
      case 'NamingSystem':
        namingSystems.push(resource);
        break;
    }
  }

  // NamingSystem resources declare the names of one code system (the preferred URI is used for comparison).
  let aliases;
  try {
    aliases = buildCodeSystemAliases(namingSystems);
  } catch (error) {
    if (error instanceof CodeSystemAliasError)
      throw new StartupError(`Knowledge is invalid: ${error.message}`);
    throw error;
  }
  const systemAliases = aliases.map;

  const release = loadRelease(dir);
  const icd10cm = loadIcd10cmTable(join(dir, 'terminology'));
  const now = options.now ?? new Date();
  const expansionFiscalYear = icd10cm.fiscalYearOn(now);
  const expanded = expandValueSets(withSupplements(valueSets, options.valueSetSupplements), {
    icd10cm,
    fiscalYear: expansionFiscalYear,
    timestamp: now.toISOString(),
  });
  let index;
  try {
    index = buildValueSetIndex(expanded, {
      systemAliases,
      prefixHierarchySystems: new Set([ICD10CM_SYSTEM, 'http://hl7.org/fhir/sid/icd-10']),
    });
  } catch (error) {
    if (error instanceof ValueSetCompileError)
      throw new StartupError(`Knowledge is invalid: ${error.message}`);
    throw error;
  }

  const displays = new Map<string, string>();
  for (const [url, cs] of codeSystems) {
    for (const concept of flattenConcepts(cs.concept)) {
      if (concept.display) displays.set(`${url}|${concept.code}`, concept.display);
    }
  }

  const pages = loadFindingPages(dir);
  return Object.freeze({
    valueSets: index,
    codeSystems,
    conceptMaps,
    activityDefinitions,
    display: (system: string, code: string) => displays.get(`${system}|${code}`),
    canonicalSystem: aliases.canonical,
    release,
    icd10cm,
    expansionFiscalYear,
    findingPages: pages.kinds,
    thresholdLabels: pages.thresholdLabels,
    summary,
  });
}
