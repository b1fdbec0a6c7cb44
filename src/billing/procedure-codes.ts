import type { Coding } from 'fhir/r4.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { OrderKind } from '../orders/recognised-order.js';
import { BillingKnowledge, BillingSystems } from './billing-knowledge.js';
import { productValue, requireConceptMap, targetCoding, translateCode } from './concept-map.js';

/** One CPT code billed for an order. */
export interface ProcedureCode {
  readonly coding: Coding;
  /** A code of the billing-component CodeSystem: which part of the procedure the code covers. */
  readonly component: string;
  /** Why and by whom the code is reported (ConceptMap comment). */
  readonly note: string | undefined;
  /** True when the code has a professional/technical split, so -26/-TC may apply. */
  readonly takesComponentModifier: boolean;
}

/** The CPT codes billed for a kind of order (ConceptMap billing-procedure-codes). */
export function procedureCodesFor(kind: OrderKind, knowledge: Knowledge): ProcedureCode[] {
  const map = requireConceptMap(knowledge, BillingKnowledge.procedureCodes);
  return translateCode(map, BillingSystems.orderKind, kind).flatMap((mapped) => {
    const coding = targetCoding(mapped);
    const component = productValue(mapped.target, BillingSystems.component);
    if (!coding || !component) return [];
    return [
      {
        coding,
        component,
        note: mapped.target.comment,
        takesComponentModifier: knowledge.valueSets.has(BillingKnowledge.professionalTechnicalSplit, coding),
      },
    ];
  });
}
