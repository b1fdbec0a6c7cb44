import { resourcesIn } from '../fhir/read-elements.js';
import { recogniseOrders } from '../orders/recognise-orders.js';
import type { CdsResponse } from '../protocol/cds-types.js';
import type { ServiceCall } from '../protocol/service-definition.js';
import type { ScreeningDeps } from './screening-deps.js';
import { screenRecognisedOrders } from './screen-recognised-orders.js';

/** order-select screens the selected orders only; order-sign every draft order. */
export type OrderScopeRule = 'selections' | 'all-drafts';

/**
 * The pipeline of the order services: recognise orders (cheapest, so no data is fetched when there is
 * no HSG order) → gather patient data → rules → cards.
 */
export async function screenHsgOrders(
  call: ServiceCall,
  deps: ScreeningDeps,
  scope: OrderScopeRule,
): Promise<CdsResponse> {
  const { context } = call.request;
  const selections = scope === 'selections' ? context.selections : undefined;
  const orders = recogniseOrders(context.draftOrders, { selections }, deps.knowledge.valueSets);
  call.caller.annotate?.({ hsgOrders: orders.length });
  if (orders.length === 0) return { cards: [] };
  const draftOrders = resourcesIn(context.draftOrders);
  return screenRecognisedOrders(call, deps, { orders, draftOrders });
}
