import type { Coding, ValueSet, ValueSetComposeInclude } from 'fhir/r4.js';

/**
 * Synchronous, precomputed membership tests over the loaded ValueSets. Everything is built once at
 * start-up; a lookup is a Map/Set probe, never a scan of a ValueSet.
 */
export interface ValueSetIndex {
  /** True when the coding's system and code are in the value set (ICD-10-CM with or without the dot). */
  has(url: string, coding: Pick<Coding, 'system' | 'code'> | undefined): boolean;
  /** The first of the codings that is in the value set. */
  firstMatch(url: string, codings: readonly Coding[] | undefined): Coding | undefined;
  /** True when free text matches one of the value set's `regex` text filters. */
  matchesText(url: string, text: string | undefined): boolean;
  /** The explicitly enumerated codes (not filters), e.g. to build a server-side `code=` search. */
  enumerated(url: string): readonly { readonly system: string; readonly code: string }[];
  /** The loaded ValueSet resource (for titles and versions in card text). */
  get(url: string): ValueSet | undefined;
  readonly urls: readonly string[];
}

/** ICD-10-CM codes arrive as `N97.1` or `N971`: compare without the dot, upper-cased. */
export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
/** Pseudo-system of the text filters: `{system: TEXT_SYSTEM, filter: [{property: 'text', op: 'regex'}]}`. */
export const TEXT_SYSTEM = 'http://hsg-cds.org/fhir/CodeSystem/free-text';

export function normaliseCode(system: string, code: string): string {
  const trimmed = code.trim();
  return system === ICD10CM_SYSTEM ? trimmed.replace(/\./g, '').toUpperCase() : trimmed;
}

interface CompiledValueSet {
  readonly resource: ValueSet;
  /** system → normalised codes */
  readonly codes: Map<string, Set<string>>;
  /** system → normalised code prefixes (`is-a` on hierarchical, prefix-structured systems) */
  readonly prefixes: Map<string, string[]>;
  readonly excludes: Map<string, Set<string>>;
  readonly excludePrefixes: Map<string, string[]>;
  readonly textPatterns: RegExp[];
  readonly enumerated: { system: string; code: string }[];
}

export interface CompileOptions {
  /** Maps alternative system URIs (e.g. the http/https HCPCS URIs) to the preferred one. */
  readonly systemAliases: ReadonlyMap<string, string>;
  /** Systems whose codes are prefix-structured, so `is-a` is a prefix test (ICD-10-CM, ICD-10). */
  readonly prefixHierarchySystems: ReadonlySet<string>;
}

/** Longest prefix of a free text that is matched against text patterns. */
const MAX_MATCHED_TEXT = 1_000;

export class ValueSetCompileError extends Error {}

function addTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function compileOne(
  vs: ValueSet,
  byUrl: ReadonlyMap<string, ValueSet>,
  options: CompileOptions,
  seen: Set<string>,
) {
  const url = vs.url ?? '(no url)';
  if (seen.has(url))
    throw new ValueSetCompileError(`${url}: includes itself through compose.include.valueSet`);
  seen.add(url);
  const codes = new Map<string, Set<string>>();
  const prefixes = new Map<string, string[]>();
  const excludes = new Map<string, Set<string>>();
  const excludePrefixes = new Map<string, string[]>();
  const textPatterns: RegExp[] = [];
  const enumerated: { system: string; code: string }[] = [];
  const canonicalSystem = (s: string) => options.systemAliases.get(s) ?? s;

  const visit = (includes: readonly ValueSetComposeInclude[] | undefined, exclude: boolean) => {
    for (const [i, inc] of (includes ?? []).entries()) {
      const where = `${url} compose.${exclude ? 'exclude' : 'include'}[${i}]`;
      for (const ref of inc.valueSet ?? []) {
        if (exclude) throw new ValueSetCompileError(`${where}: exclude by valueSet is not supported`);
        const other = byUrl.get(ref);
        if (!other) throw new ValueSetCompileError(`${where}: unknown value set ${ref}`);
        const nested = compileOne(other, byUrl, options, new Set(seen));
        for (const [s, set] of nested.codes) for (const c of set) addSetMember(codes, s, c);
        for (const [s, list] of nested.prefixes) for (const p of list) addTo(prefixes, s, p);
        textPatterns.push(...nested.textPatterns);
        enumerated.push(...nested.enumerated);
      }
      if (!inc.system) {
        if ((inc.valueSet ?? []).length === 0)
          throw new ValueSetCompileError(`${where}: needs system or valueSet`);
        continue;
      }
      const system = canonicalSystem(inc.system);
      for (const concept of inc.concept ?? []) {
        const code = normaliseCode(system, concept.code);
        if (!code) throw new ValueSetCompileError(`${where}: empty code`);
        addSetMember(exclude ? excludes : codes, system, code);
        if (!exclude) enumerated.push({ system, code: concept.code });
      }
      for (const filter of inc.filter ?? []) {
        if (filter.op === 'regex' && filter.property === 'text' && system === TEXT_SYSTEM) {
          try {
            textPatterns.push(new RegExp(filter.value, 'i'));
          } catch (error) {
            throw new ValueSetCompileError(
              `${where}: invalid regex ${JSON.stringify(filter.value)}: ${String(error)}`,
            );
          }
        } else if (
          filter.op === 'is-a' &&
          filter.property === 'concept' &&
          options.prefixHierarchySystems.has(system)
        ) {
          addTo(exclude ? excludePrefixes : prefixes, system, normaliseCode(system, filter.value));
        } else {
          throw new ValueSetCompileError(
            `${where}: unsupported filter ${filter.property} ${filter.op} for ${system} ` +
              `(supported: concept is-a on ${[...options.prefixHierarchySystems].join(', ')}; text regex on ${TEXT_SYSTEM})`,
          );
        }
      }
      if (!inc.concept?.length && !inc.filter?.length) {
        throw new ValueSetCompileError(
          `${where}: including a whole code system (${system}) is not supported`,
        );
      }
    }
  };
  visit(vs.compose?.include, false);
  visit(vs.compose?.exclude, true);
  return { resource: vs, codes, prefixes, excludes, excludePrefixes, textPatterns, enumerated };
}

function addSetMember(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

export function buildValueSetIndex(valueSets: readonly ValueSet[], options: CompileOptions): ValueSetIndex {
  const byUrl = new Map<string, ValueSet>();
  for (const vs of valueSets) {
    if (!vs.url) throw new ValueSetCompileError(`ValueSet ${vs.id ?? '(no id)'} has no url`);
    if (byUrl.has(vs.url)) throw new ValueSetCompileError(`ValueSet ${vs.url} is defined twice`);
    byUrl.set(vs.url, vs);
  }
  const compiled = new Map<string, CompiledValueSet>();
  for (const vs of valueSets) compiled.set(vs.url!, compileOne(vs, byUrl, options, new Set()));
  // One alternation per value set, so a text is tested once rather than once per pattern (no pattern
  // uses a backreference). Results are not cached: the texts come from patient records.
  const textPattern = new Map<string, RegExp>();
  for (const [url, vs] of compiled) {
    if (vs.textPatterns.length > 0) {
      textPattern.set(url, new RegExp(vs.textPatterns.map((re) => `(?:${re.source})`).join('|'), 'i'));
    }
  }
  const canonicalSystem = (s: string) => options.systemAliases.get(s) ?? s;

  const lookup = (url: string): CompiledValueSet => {
    const vs = compiled.get(url);
    // A rule naming a value set that was never loaded is a programming error, caught by the tests.
    if (!vs) throw new Error(`Unknown value set ${url}`);
    return vs;
  };
  const has = (url: string, coding: Pick<Coding, 'system' | 'code'> | undefined): boolean => {
    if (
      !coding?.system ||
      !coding.code ||
      typeof coding.code !== 'string' ||
      typeof coding.system !== 'string'
    ) {
      return false;
    }
    const vs = lookup(url);
    const system = canonicalSystem(coding.system);
    const code = normaliseCode(system, coding.code);
    if (vs.excludes.get(system)?.has(code)) return false;
    if (vs.excludePrefixes.get(system)?.some((p) => code.startsWith(p))) return false;
    if (vs.codes.get(system)?.has(code)) return true;
    return vs.prefixes.get(system)?.some((p) => code.startsWith(p)) ?? false;
  };
  const matchesText = (url: string, text: string | undefined): boolean => {
    lookup(url);
    const pattern = textPattern.get(url);
    if (!pattern || typeof text !== 'string' || text.length === 0) return false;
    // Free text beyond this is not a code display or a clinical label; bounding it bounds regex work.
    return pattern.test(text.length > MAX_MATCHED_TEXT ? text.slice(0, MAX_MATCHED_TEXT) : text);
  };
  return {
    has,
    firstMatch: (url, codings) => (Array.isArray(codings) ? codings.find((c) => has(url, c)) : undefined),
    matchesText,
    enumerated: (url) => lookup(url).enumerated,
    get: (url) => compiled.get(url)?.resource,
    urls: [...compiled.keys()],
  };
}
