import type { Coding, ConceptMap, ConceptMapGroupElementTarget } from 'fhir/r4.js';
import type { Knowledge } from '../knowledge/knowledge.js';

/** One target of a ConceptMap element, with the system of the group it came from. */
export interface MappedTarget {
  readonly system: string | undefined;
  readonly target: ConceptMapGroupElementTarget;
}

/** The ConceptMap at `url`; a missing one is a programming error, caught by the tests. */
export function requireConceptMap(knowledge: Knowledge, url: string): ConceptMap {
  const map = knowledge.conceptMaps.get(url);
  if (!map) throw new Error(`Unknown ConceptMap ${url}`);
  return map;
}

interface MappedElement {
  readonly display: string | undefined;
  readonly targets: readonly MappedTarget[];
}

/** Each ConceptMap indexed by `system|code` once, on first use: a lookup is then one Map probe. */
const indexes = new WeakMap<ConceptMap, ReadonlyMap<string, MappedElement>>();

function indexOf(map: ConceptMap): ReadonlyMap<string, MappedElement> {
  let index = indexes.get(map);
  if (!index) {
    const built = new Map<string, { display: string | undefined; targets: MappedTarget[] }>();
    for (const group of map.group ?? []) {
      if (group.source === undefined) continue;
      for (const element of group.element) {
        const key = `${group.source}|${element.code ?? ''}`;
        let entry = built.get(key);
        if (!entry) built.set(key, (entry = { display: element.display, targets: [] }));
        for (const target of element.target ?? []) entry.targets.push({ system: group.target, target });
      }
    }
    index = built;
    indexes.set(map, index);
  }
  return index;
}

/** Every target mapped from `system|code`, in file order (unmatched targets included). */
export function translateCode(map: ConceptMap, system: string, code: string): readonly MappedTarget[] {
  return indexOf(map).get(`${system}|${code.trim()}`)?.targets ?? [];
}

/** The display the map gives the source code (e.g. a place-of-service name). */
export function sourceDisplay(map: ConceptMap, system: string, code: string): string | undefined {
  return indexOf(map).get(`${system}|${code.trim()}`)?.display;
}

/** The code a mapped target names, as a Coding; undefined for an `unmatched` target or one without a code. */
export function targetCoding({ system, target }: MappedTarget): Coding | undefined {
  if (target.equivalence === 'unmatched' || !system || !target.code) return undefined;
  return { system, code: target.code, ...(target.display ? { display: target.display } : {}) };
}

/** The billing-component code of a target (`target.product` whose property is that CodeSystem). */
export function productValue(target: ConceptMapGroupElementTarget, property: string): string | undefined {
  return target.product?.find((p) => p.property === property)?.value;
}

/** A numeric `dependsOn` value of a target (e.g. a concentration band limit). */
export function dependsOnNumber(target: ConceptMapGroupElementTarget, property: string): number | undefined {
  const raw = target.dependsOn?.find((d) => d.property === property)?.value;
  const value = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(value) ? value : undefined;
}
