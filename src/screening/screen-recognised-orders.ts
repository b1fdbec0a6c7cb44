import type { FhirResource } from 'fhir/r4.js';
import { findBillingCodes } from '../billing/index.js';
import { renderCards } from '../cards/render-cards.js';
import type { FetchCategory, GatheredData } from '../data/patient-data-source.js';
import { PrefetchUnavailableError } from '../errors.js';
import type { RecognisedOrder } from '../orders/recognised-order.js';
import type { CdsResponse } from '../protocol/cds-types.js';
import type { ServiceCall } from '../protocol/service-definition.js';
import { evaluateRules } from '../rules/evaluate-rules.js';
import { gateFindings } from '../rules/gate-findings.js';
import type { ScreeningDeps } from './screening-deps.js';

export interface OrdersToScreen {
  readonly orders: readonly RecognisedOrder[];
  /** Every order in the call's context, so that nothing already ordered is suggested again. */
  readonly draftOrders: readonly FhirResource[];
}

/** `conditions:redirected,observations:too-large`: fixed codes only, so the log line stays PHI-free. */
function formatReasons(gathered: readonly GatheredData[]): string {
  const reasons = new Map<string, string>();
  for (const g of gathered) for (const [category, code] of g.unavailableReasons) reasons.set(category, code);
  return [...reasons].map(([category, code]) => `${category}:${code}`).join(',');
}

/** The FHIR-request counts of one or more gathers, for the call's log line. */
export function annotateGathered(call: ServiceCall, gathered: readonly GatheredData[]): void {
  const last = gathered[gathered.length - 1];
  if (!last) return;
  const origins = new Set(gathered.map((g) => g.origin).filter((o) => o !== 'none'));
  call.caller.annotate?.({
    dataOrigin: origins.size > 1 ? 'mixed' : ([...origins][0] ?? 'none'),
    fhirRequests: gathered.reduce((sum, g) => sum + g.fhirRequests, 0),
    prefetchHits: gathered.reduce((sum, g) => sum + g.prefetchHits, 0),
    unavailable: last.record.unavailable.size,
    ...(gathered.some((g) => g.unavailableReasons.size > 0)
      ? { unavailableReasons: formatReasons(gathered) }
      : {}),
  });
}

/**
 * The part both kinds of service share once the orders to screen are known: gather the patient data
 * (prefetch first, FHIR server for the rest) → rules and billing → cards. 412 when none of the data
 * the rules need could be had.
 */
export async function screenRecognisedOrders(
  call: ServiceCall,
  deps: ScreeningDeps,
  toScreen: OrdersToScreen,
  earlier: readonly GatheredData[] = [],
): Promise<CdsResponse> {
  const { request, caller } = call;
  const gathered = await deps.patientData.gather({ request, plan: deps.plan, signal: caller.signal });
  annotateGathered(call, [...earlier, gathered]);
  const { record } = gathered;
  const unavailable: ReadonlyMap<FetchCategory, string> = record.unavailable;
  const needed = deps.plan.filter((entry) => entry.requiredByRules);
  if (needed.every((entry) => unavailable.has(entry.category))) {
    const reasons = needed.map((entry) => `${entry.key}: ${unavailable.get(entry.category)}`).join('; ');
    throw new PrefetchUnavailableError(
      `None of the patient data needed to screen the HSG order could be obtained (${reasons}). ` +
        'Send the prefetch declared in discovery, or fhirServer (with fhirAuthorization) so the service can query it.',
      needed.map((entry) => `prefetch.${entry.key}`),
    );
  }
  const now = deps.now();
  const input = {
    record,
    orders: toScreen.orders,
    draftOrders: toScreen.draftOrders,
    hook: request.hook,
    knowledge: deps.knowledge,
    now,
    settings: deps.settings,
  };
  // Billing findings are info cards, which a chart opening (patient-view) does not show: not computed there.
  const billing = request.hook === 'patient-view' ? [] : findBillingCodes(input);
  const findings = gateFindings([...evaluateRules(input), ...billing], input);
  return {
    cards: renderCards(findings, {
      knowledge: deps.knowledge,
      patientId: request.context.patientId,
      now,
      ...(deps.publicBaseUrl ? { publicBaseUrl: deps.publicBaseUrl } : {}),
    }),
  };
}
