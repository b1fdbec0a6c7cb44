import type { Finding, ScreeningInput } from './types.js';

/**
 * Runs every clinical rule over the record for each order.
 * Foundation stage: one informational finding per recognised order, so the pipeline runs end to end;
 * the contraindication rules replace it.
 */
export function evaluateRules(input: ScreeningInput): Finding[] {
  return input.orders.map((order) => ({
    kind: 'billing-codes',
    severity: 'info',
    order,
    summary: `${order.label}: HSG order recognised for screening`,
    explanation: `The draft order was recognised as ${order.kind === 'sis' ? 'saline infusion sonohysterography' : 'hysterosalpingography'} by ${order.recognisedBy}.`,
    evidence: [],
    references: [],
    suggestions: [],
    overrideReasons: [],
  }));
}
