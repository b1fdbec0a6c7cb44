import type { ValueSet, ValueSetComposeInclude, ValueSetExpansionContains } from 'fhir/r4.js';
import type { Icd10cmTable } from './icd10cm-table.js';
import { ICD10CM_SYSTEM, normaliseCode, TEXT_SYSTEM } from './value-set-index.js';

/** Extensions on a compose concept saying what is known of the code (fhir-profiles/README). */
export const CodeStatusExtension = {
  status: 'http://hsg-cds.org/fhir/StructureDefinition/code-status',
  note: 'http://hsg-cds.org/fhir/StructureDefinition/code-status-note',
} as const;

export type CodeStatus = 'verified' | 'unverified' | 'inactive';

interface ConceptWithExtensions {
  readonly code: string;
  readonly display?: string;
  readonly extension?: readonly { url?: string; valueCode?: string; valueString?: string }[];
}

export function codeStatusOf(concept: ConceptWithExtensions): { status?: CodeStatus; note?: string } {
  const ext = concept.extension ?? [];
  const status = ext.find((e) => e.url === CodeStatusExtension.status)?.valueCode as CodeStatus | undefined;
  const note = ext.find((e) => e.url === CodeStatusExtension.note)?.valueString;
  return { ...(status ? { status } : {}), ...(note ? { note } : {}) };
}

export interface ExpansionOptions {
  readonly icd10cm: Icd10cmTable;
  /** The ICD-10-CM fiscal year the families are expanded in. */
  readonly fiscalYear: number;
  readonly timestamp: string;
}

type Contains = ValueSetExpansionContains;

function key(system: string, code: string): string {
  return `${system}|${normaliseCode(system, code)}`;
}

/**
 * `ValueSet.expansion` for each value set: the enumerated codes and the ICD-10-CM `is-a` families expanded
 * from the shipped table in one fiscal year (headers as `abstract`: not selectable, never billable),
 * minus the excluded codes. Free-text patterns cannot be expanded; the expansion says how many there are.
 */
export function expandValueSets(valueSets: readonly ValueSet[], options: ExpansionOptions): ValueSet[] {
  const byUrl = new Map(valueSets.map((vs) => [vs.url ?? '', vs]));
  const cache = new Map<string, { contains: Contains[]; textFilters: number }>();
  const { icd10cm, fiscalYear } = options;

  const icdFamily = (value: string): Contains[] =>
    icd10cm.familyOf(value).flatMap((entry) => {
      const status = icd10cm.statusIn(entry.code, fiscalYear);
      if (status !== 'billable' && status !== 'header') return [];
      return [
        {
          system: ICD10CM_SYSTEM,
          code: entry.dotted,
          display: entry.title,
          ...(status === 'header' ? { abstract: true } : {}),
        },
      ];
    });

  const fromIncludes = (includes: readonly ValueSetComposeInclude[] | undefined, seen: Set<string>) => {
    const contains: Contains[] = [];
    let textFilters = 0;
    for (const inc of includes ?? []) {
      for (const ref of inc.valueSet ?? []) {
        const nested = expandOne(ref, seen);
        contains.push(...nested.contains);
        textFilters += nested.textFilters;
      }
      if (!inc.system) continue;
      for (const concept of inc.concept ?? []) {
        const { status } = codeStatusOf(concept);
        const header =
          inc.system === ICD10CM_SYSTEM && icd10cm.statusIn(concept.code, fiscalYear) === 'header';
        contains.push({
          system: inc.system,
          code: concept.code,
          ...(concept.display ? { display: concept.display } : {}),
          ...(status === 'inactive' ? { inactive: true } : {}),
          ...(header ? { abstract: true } : {}),
        });
      }
      for (const filter of inc.filter ?? []) {
        if (inc.system === TEXT_SYSTEM) textFilters++;
        else if (inc.system === ICD10CM_SYSTEM && filter.op === 'is-a')
          contains.push(...icdFamily(filter.value));
      }
    }
    return { contains, textFilters };
  };

  function expandOne(url: string, seen: Set<string>): { contains: Contains[]; textFilters: number } {
    const cached = cache.get(url);
    if (cached) return cached;
    const vs = byUrl.get(url);
    // Unknown or circular includes are reported by the value set index, which compiles the same compose.
    if (!vs || seen.has(url)) return { contains: [], textFilters: 0 };
    const included = fromIncludes(vs.compose?.include, new Set([...seen, url]));
    const excluded = new Set(
      fromIncludes(vs.compose?.exclude, new Set([...seen, url])).contains.map((c) =>
        key(c.system ?? '', c.code ?? ''),
      ),
    );
    const unique = new Map<string, Contains>();
    for (const c of included.contains) {
      const k = key(c.system ?? '', c.code ?? '');
      if (!excluded.has(k) && !unique.has(k)) unique.set(k, c);
    }
    const result = { contains: [...unique.values()], textFilters: included.textFilters };
    cache.set(url, result);
    return result;
  }

  return valueSets.map((vs) => {
    const { contains, textFilters } = expandOne(vs.url ?? '', new Set());
    const usesIcd = contains.some((c) => c.system === ICD10CM_SYSTEM);
    const parameter = [
      ...(usesIcd ? [{ name: 'used-codesystem', valueUri: `${ICD10CM_SYSTEM}|FY${fiscalYear}` }] : []),
      ...(textFilters > 0 ? [{ name: 'free-text-patterns', valueInteger: textFilters }] : []),
    ];
    return {
      ...vs,
      expansion: {
        identifier: `${vs.url}|${vs.version}|icd-10-cm-FY${fiscalYear}`,
        timestamp: options.timestamp,
        total: contains.length,
        ...(parameter.length > 0 ? { parameter } : {}),
        ...(contains.length > 0 ? { contains } : {}),
      },
    };
  });
}
