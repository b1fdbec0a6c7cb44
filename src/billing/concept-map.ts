import type { ConceptMap, ConceptMapGroupElementTarget } from 'fhir/r4.js';
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

/** Every target mapped from `system|code`, in file order (unmatched targets included). */
export function translateCode(map: ConceptMap, system: string, code: string): MappedTarget[] {
  return (map.group ?? [])
    .filter((group) => group.source === system)
    .flatMap((group) =>
      group.element
        .filter((element) => element.code === code.trim())
        .flatMap((element) => (element.target ?? []).map((target) => ({ system: group.target, target }))),
    );
}

/** The display the map gives the source code (e.g. a place-of-service name). */
export function sourceDisplay(map: ConceptMap, system: string, code: string): string | undefined {
  return (map.group ?? [])
    .filter((group) => group.source === system)
    .flatMap((group) => group.element)
    .find((element) => element.code === code.trim())?.display;
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
