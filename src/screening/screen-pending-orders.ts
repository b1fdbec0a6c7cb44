import type { Bundle } from 'fhir/r4.js';
import type { PrefetchPlanEntry } from '../data/patient-data-source.js';
import { PrefetchUnavailableError } from '../errors.js';
import { recogniseOrders } from '../orders/recognise-orders.js';
import type { CdsResponse } from '../protocol/cds-types.js';
import type { ServiceCall } from '../protocol/service-definition.js';
import type { ScreeningDeps } from './screening-deps.js';
import { annotateGathered, screenRecognisedOrders } from './screen-recognised-orders.js';

/**
 * The pipeline of the patient-view service: find the patient's pending HSG-family orders (prefetch or
 * FHIR server; one search) → nothing more for a chart without one → otherwise screen each order as
 * order-sign does, leaving out info findings: a chart opening is not the moment for billing codes or
 * reminders. The patient data is gathered only once a pending order is found.
 */
export async function screenPendingOrders(
  call: ServiceCall,
  deps: ScreeningDeps,
  ordersPlan: readonly PrefetchPlanEntry[],
): Promise<CdsResponse> {
  const { request, caller } = call;
  const found = await deps.patientData.gather({ request, plan: ordersPlan, signal: caller.signal });
  const pending = found.pendingOrders ?? { resources: [], problem: 'no query for pending orders' };
  if (pending.problem && pending.resources.length === 0) {
    annotateGathered(call, [found]);
    throw new PrefetchUnavailableError(
      `The patient's pending orders could not be obtained (${pending.problem}). Send the prefetch ` +
        'declared in discovery, or fhirServer (with fhirAuthorization) so the service can query it.',
      ordersPlan.map((entry) => `prefetch.${entry.key}`),
    );
  }
  const chart: Bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: pending.resources.map((resource) => ({ resource })),
  };
  const orders = recogniseOrders(chart, {}, deps.knowledge.valueSets);
  caller.annotate?.({
    hsgOrders: orders.length,
    ...(pending.problem ? { pendingOrdersIncomplete: true } : {}),
  });
  if (orders.length === 0) {
    annotateGathered(call, [found]);
    return { cards: [] };
  }
  return screenRecognisedOrders(call, deps, { orders, draftOrders: pending.resources }, [found]);
}
