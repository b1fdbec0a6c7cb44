import type { Coding, ServiceRequest } from 'fhir/r4.js';
import { arrayOf, completeCodingsOf } from '../fhir/read-elements.js';
import type { RecognisedOrder } from '../orders/recognised-order.js';

export interface OrderUpdate {
  /** The full draft order with the missing CPT Codings added beside its existing codes. */
  readonly resource: ServiceRequest;
  readonly added: readonly Coding[];
}

/**
 * The draft order with the CPT codings it lacks added to `code.coding`, or undefined if none lacks. A code
 * present under another name of its system (`urn:oid:2.16.840.1.113883.6.12` for CPT) is not added again.
 */
export function addMissingCodings(
  order: RecognisedOrder,
  wanted: readonly Coding[],
  canonical: (system: string) => string,
): OrderUpdate | undefined {
  const present = completeCodingsOf(order.resource.code);
  const added = wanted.filter(
    (w) =>
      !present.some(
        (p) => canonical(p.system ?? '') === canonical(w.system ?? '') && p.code?.trim() === w.code,
      ),
  );
  if (added.length === 0) return undefined;
  // A shallow copy: only `code` changes, and the draft may be arbitrarily deep (the renderer checks that).
  const resource: ServiceRequest = {
    ...order.resource,
    code: {
      ...order.resource.code,
      coding: [...arrayOf<Coding>(order.resource.code?.coding), ...added.map((c) => ({ ...c }))],
    },
  };
  return { resource, added };
}
