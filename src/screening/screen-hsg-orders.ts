import { findBillingCodes } from '../billing/index.js';
import { resourcesIn } from '../fhir/read-elements.js';
import { renderCards } from '../cards/render-cards.js';
import type { PatientDataSource, PrefetchPlanEntry } from '../data/patient-data-source.js';
import { PrefetchUnavailableError } from '../errors.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import { recogniseOrders } from '../orders/recognise-orders.js';
import type { CdsResponse } from '../protocol/cds-types.js';
import type { ServiceCall } from '../protocol/service-definition.js';
import { evaluateRules } from '../rules/evaluate-rules.js';
import { gateFindings } from '../rules/gate-findings.js';
import type { RuleSettings } from '../rules/types.js';

/** What the HSG services need; assembled once in the composition root (app.ts). */
export interface ScreeningDeps {
  readonly knowledge: Knowledge;
  readonly plan: readonly PrefetchPlanEntry[];
  readonly patientData: PatientDataSource;
  readonly settings: RuleSettings;
  readonly now: () => Date;
}

/** order-select screens the selected orders only; order-sign every draft order. */
export type OrderScopeRule = 'selections' | 'all-drafts';

/**
 * The pipeline of both HSG services: recognise orders (cheapest, so no data is fetched when there is
 * no HSG order) → gather patient data → rules → cards.
 */
export async function screenHsgOrders(
  call: ServiceCall,
  deps: ScreeningDeps,
  scope: OrderScopeRule,
): Promise<CdsResponse> {
  const { request, caller } = call;
  const { context } = request;
  const selections = scope === 'selections' ? context.selections : undefined;
  const orders = recogniseOrders(context.draftOrders, { selections }, deps.knowledge.valueSets);
  caller.annotate?.({ hsgOrders: orders.length });
  if (orders.length === 0) return { cards: [] };

  const gathered = await deps.patientData.gather({ request, plan: deps.plan, signal: caller.signal });
  const { record } = gathered;
  caller.annotate?.({
    dataOrigin: gathered.origin,
    fhirRequests: gathered.fhirRequests,
    prefetchHits: gathered.prefetchHits,
    unavailable: record.unavailable.size,
  });
  const needed = deps.plan.filter((entry) => entry.requiredByRules);
  if (needed.every((entry) => record.unavailable.has(entry.category))) {
    const reasons = needed
      .map((entry) => `${entry.key}: ${record.unavailable.get(entry.category)}`)
      .join('; ');
    throw new PrefetchUnavailableError(
      `None of the patient data needed to screen the HSG order could be obtained (${reasons}). ` +
        'Send the prefetch declared in discovery, or fhirServer (with fhirAuthorization) so the service can query it.',
      needed.map((entry) => `prefetch.${entry.key}`),
    );
  }
  const now = deps.now();
  const draftOrders = resourcesIn(context.draftOrders);
  const input = {
    record,
    orders,
    draftOrders,
    hook: request.hook,
    knowledge: deps.knowledge,
    now,
    settings: deps.settings,
  };
  const findings = gateFindings([...evaluateRules(input), ...findBillingCodes(input)], input);
  return { cards: renderCards(findings, { knowledge: deps.knowledge, patientId: context.patientId, now }) };
}
