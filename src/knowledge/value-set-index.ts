import type { Coding, ValueSet, ValueSetComposeInclude } from 'fhir/r4.js';
import { normaliseIcd10cm } from './icd10cm-table.js';

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
  /**
   * True when one of the concept's codings is in the value set, or its text or a coding's display matches
   * one of the value set's text filters. Reads a concept as it came from an EHR: any member may be missing
   * or of the wrong type.
   */
  matchesConcept(url: string, concept: unknown): boolean;
  /** The explicitly enumerated codes (not filters), e.g. to build a server-side `code=` search. */
  enumerated(url: string): readonly EnumeratedCode[];
  /** The display the value set gives an enumerated code (ICD-10-CM with or without the dot). */
  display(url: string, coding: Pick<Coding, 'system' | 'code'>): string | undefined;
  /** The loaded ValueSet resource (for titles and versions in card text). */
  get(url: string): ValueSet | undefined;
  readonly urls: readonly string[];
}

/** ICD-10-CM codes arrive as `N97.1` or `N971`: compare without the dot, upper-cased. */
export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
/** Pseudo-system of the text filters: `{system: TEXT_SYSTEM, filter: [{property: 'text', op: 'regex'}]}`. */
export const TEXT_SYSTEM = 'http://hsg-cds.org/fhir/CodeSystem/free-text';

export function normaliseCode(system: string, code: string): string {
  return system === ICD10CM_SYSTEM ? normaliseIcd10cm(code) : code.trim();
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
  readonly enumerated: EnumeratedCode[];
}

export interface EnumeratedCode {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
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
  const enumerated: EnumeratedCode[] = [];
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
        // What the included value set excludes stays excluded here.
        for (const [s, set] of nested.excludes) for (const c of set) addSetMember(excludes, s, c);
        for (const [s, list] of nested.excludePrefixes) for (const p of list) addTo(excludePrefixes, s, p);
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
        if (!exclude) {
          enumerated.push({
            system,
            code: concept.code,
            ...(concept.display ? { display: concept.display } : {}),
          });
        }
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

/** The codes of one system in a value set, as tested at run time. */
interface SystemMembers {
  readonly codes: ReadonlySet<string>;
  readonly prefixes: readonly string[];
  readonly excludes: ReadonlySet<string> | undefined;
  readonly excludePrefixes: readonly string[];
}

/**
 * A compiled value set arranged for lookups: by system first, so a coding of a system the value set does
 * not use costs one Map probe; the text filters as one alternation, so a text is tested once rather than
 * once per pattern (no pattern uses a backreference). Results are not cached: the texts come from
 * patient records.
 */
interface Membership {
  readonly bySystem: ReadonlyMap<string, SystemMembers>;
  readonly pattern: RegExp | undefined;
  readonly enumerated: CompiledValueSet['enumerated'];
  /** `system|normalised code` → display, of the enumerated codes. */
  readonly displays: ReadonlyMap<string, string>;
}

function toMembership(vs: CompiledValueSet): Membership {
  const systems = new Set([...vs.codes.keys(), ...vs.prefixes.keys()]);
  const bySystem = new Map<string, SystemMembers>();
  for (const system of systems) {
    bySystem.set(system, {
      codes: vs.codes.get(system) ?? new Set(),
      prefixes: vs.prefixes.get(system) ?? [],
      excludes: vs.excludes.get(system),
      excludePrefixes: vs.excludePrefixes.get(system) ?? [],
    });
  }
  const pattern =
    vs.textPatterns.length > 0
      ? new RegExp(vs.textPatterns.map((re) => `(?:${re.source})`).join('|'), 'i')
      : undefined;
  const displays = new Map<string, string>();
  for (const { system, code, display } of vs.enumerated) {
    const key = `${system}|${normaliseCode(system, code)}`;
    if (display && !displays.has(key)) displays.set(key, display);
  }
  return { bySystem, pattern, enumerated: vs.enumerated, displays };
}

function startsWithAny(code: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) if (code.startsWith(prefix)) return true;
  return false;
}

function isMember(members: SystemMembers, code: string): boolean {
  if (members.excludes?.has(code) || startsWithAny(code, members.excludePrefixes)) return false;
  return members.codes.has(code) || startsWithAny(code, members.prefixes);
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
  const membership = new Map<string, Membership>();
  for (const [url, vs] of compiled) membership.set(url, toMembership(vs));
  const canonicalSystem = (s: string) => options.systemAliases.get(s) ?? s;

  const lookup = (url: string): Membership => {
    const m = membership.get(url);
    // A rule naming a value set that was never loaded is a programming error, caught by the tests.
    if (!m) throw new Error(`Unknown value set ${url}`);
    return m;
  };
  const codingIn = (m: Membership, coding: unknown): boolean => {
    if (typeof coding !== 'object' || coding === null) return false;
    const { system, code } = coding as { system?: unknown; code?: unknown };
    if (typeof system !== 'string' || typeof code !== 'string' || !system || !code) return false;
    // Most codings name the preferred system URI; an alias costs a second probe.
    let canonical = system;
    let members = m.bySystem.get(system);
    if (members === undefined) {
      canonical = canonicalSystem(system);
      if (canonical === system) return false;
      members = m.bySystem.get(canonical);
    }
    return members !== undefined && isMember(members, normaliseCode(canonical, code));
  };
  const textIn = (m: Membership, text: unknown): boolean => {
    if (!m.pattern || typeof text !== 'string' || text.length === 0) return false;
    // Free text beyond this is not a code display or a clinical label; bounding it bounds regex work.
    return m.pattern.test(text.length > MAX_MATCHED_TEXT ? text.slice(0, MAX_MATCHED_TEXT) : text);
  };
  const has = (url: string, coding: Pick<Coding, 'system' | 'code'> | undefined): boolean =>
    codingIn(lookup(url), coding);
  const matchesConcept = (url: string, concept: unknown): boolean => {
    const m = lookup(url);
    if (typeof concept !== 'object' || concept === null) return false;
    const { coding, text } = concept as { coding?: unknown; text?: unknown };
    const codings: readonly unknown[] = Array.isArray(coding) ? coding : [];
    for (const c of codings) if (codingIn(m, c)) return true;
    if (!m.pattern) return false;
    if (textIn(m, text)) return true;
    for (const c of codings) {
      if (typeof c === 'object' && c !== null && textIn(m, (c as { display?: unknown }).display)) return true;
    }
    return false;
  };
  return {
    has,
    firstMatch: (url, codings) => {
      if (!Array.isArray(codings)) return undefined;
      const m = lookup(url);
      for (const coding of codings) if (codingIn(m, coding)) return coding;
      return undefined;
    },
    matchesText: (url, text) => textIn(lookup(url), text),
    matchesConcept,
    enumerated: (url) => lookup(url).enumerated,
    display: (url, coding) => {
      const m = lookup(url);
      if (typeof coding.system !== 'string' || typeof coding.code !== 'string') return undefined;
      const system = canonicalSystem(coding.system);
      return m.displays.get(`${system}|${normaliseCode(system, coding.code)}`);
    },
    get: (url) => compiled.get(url)?.resource,
    urls: [...compiled.keys()],
  };
}
