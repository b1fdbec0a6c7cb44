import type { Config } from '../config/config.js';
import { createFhirDataSource } from '../data/fhir-server-data-source.js';
import type { FhirRequestEvent } from '../data/fhir-search.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import { buildPrefetchPlan } from '../services/prefetch-plan.js';
import type { ScreeningDeps } from './screening-deps.js';

/** The screening pipeline's dependencies from configuration: one way to build them, for the server and tests. */
export function createScreeningDeps(
  config: Config,
  knowledge: Knowledge,
  options: { readonly now?: () => Date; readonly onFhirRequest?: (event: FhirRequestEvent) => void } = {},
): ScreeningDeps {
  return {
    knowledge,
    plan: buildPrefetchPlan(knowledge),
    patientData: createFhirDataSource({
      timeoutMs: config.fhirTimeoutMs,
      budgetMs: config.fhirBudgetMs,
      pageCap: config.fhirPageCap,
      maxResponseBytes: config.fhirMaxResponseBytes,
      maxResourcesPerCategory: config.fhirMaxResourcesPerCategory,
      ...(options.onFhirRequest ? { onFhirRequest: options.onFhirRequest } : {}),
    }),
    settings: {
      cycleDayWindow: config.cycleDayWindow,
      sisCycleDayWindow: config.sisCycleDayWindow,
      billingSetting: config.billingSetting,
      pregnancyTestProtocol: config.pregnancyTestProtocol,
      billingCardOnOrderSelect: config.billingCardOnOrderSelect,
    },
    now: options.now ?? (() => new Date()),
    publicBaseUrl: config.publicBaseUrl,
  };
}
