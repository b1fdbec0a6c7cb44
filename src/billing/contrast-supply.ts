import type { Coding } from 'fhir/r4.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { RecognisedOrder } from '../orders/recognised-order.js';
import { BillingKnowledge, BillingSystems, ConcentrationBand } from './billing-knowledge.js';
import { dependsOnNumber, requireConceptMap, targetCoding, translateCode } from './concept-map.js';
import { readContrastDocumentation, type ContrastDocumentation } from './contrast-documentation.js';

export interface SupplyCode {
  readonly coding: Coding;
  readonly min: number | undefined;
  readonly max: number | undefined;
}

export interface ContrastSupply {
  readonly documentation: ContrastDocumentation;
  /** The one code the documented concentration selects, if any. */
  readonly selected: SupplyCode | undefined;
  /** Every code of the contrast class (the alternatives when none is selected). */
  readonly candidates: readonly SupplyCode[];
  /** The ConceptMap comment when the class has no supply code (oil-based, not stated). */
  readonly unmappedNote: string | undefined;
}

function inBand(code: SupplyCode, concentration: number): boolean {
  return (
    (code.min === undefined || concentration >= code.min) &&
    (code.max === undefined || concentration <= code.max)
  );
}

/**
 * The HCPCS supply code of the order's contrast (ConceptMap contrast-supply-hcpcs). Undefined for
 * SIS, which distends the cavity with saline.
 */
export function findContrastSupply(order: RecognisedOrder, knowledge: Knowledge): ContrastSupply | undefined {
  if (order.kind === 'sis') return undefined;
  const map = requireConceptMap(knowledge, BillingKnowledge.contrastSupply);
  const targets = translateCode(map, BillingSystems.contrastKind, order.contrast);
  const candidates: SupplyCode[] = targets.flatMap((mapped) => {
    const coding = targetCoding(mapped);
    if (!coding) return [];
    const { target } = mapped;
    return [
      {
        coding,
        min: dependsOnNumber(target, ConcentrationBand.min),
        max: dependsOnNumber(target, ConcentrationBand.max),
      },
    ];
  });
  const documentation = readContrastDocumentation(order.resource, order.contrast, knowledge.valueSets);
  const { concentration } = documentation;
  return {
    documentation,
    selected: concentration === undefined ? undefined : candidates.find((c) => inBand(c, concentration)),
    candidates,
    unmappedNote: targets.find(({ target }) => target.equivalence === 'unmatched')?.target.comment,
  };
}
