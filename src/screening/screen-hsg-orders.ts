import { resourcesIn } from '../fhir/read-elements.js';
import type { PatientDataSource, PrefetchPlanEntry } from '../data/patient-data-source.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import { recogniseOrders } from '../orders/recognise-orders.js';
import type { CdsResponse } from '../protocol/cds-types.js';
import type { ServiceCall } from '../protocol/service-definition.js';
import type { RuleSettings } from '../rules/types.js';
import { screenRecognisedOrders } from './screen-recognised-orders.js';

/** What the HSG services need; assembled once in the composition root (app.ts). */
export interface ScreeningDeps {
  readonly knowledge: Knowledge;
  /** The patient data the rules read (prefetch keys and their FHIR-server fallback queries). */
  readonly plan: readonly PrefetchPlanEntry[];
  readonly patientData: PatientDataSource;
  readonly settings: RuleSettings;
  readonly now: () => Date;
  /** PUBLIC_BASE_URL: cards link to their topic's /knowledge page under it. */
  readonly publicBaseUrl?: string;
}

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
  return screenRecognisedOrders(call, deps, { orders, draftOrders, minSeverity: 'info' });
}
