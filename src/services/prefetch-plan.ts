import type { FhirResource } from 'fhir/r4.js';
import type { PrefetchPlanEntry } from '../data/patient-data-source.js';
import { valueSetUrl } from '../knowledge/canonical.js';
import type { Knowledge } from '../knowledge/knowledge.js';

/** Value sets whose codes narrow the prefetch templates (contents in fhir-profiles/). */
export const PrefetchValueSets = {
  observations: valueSetUrl('prefetch-observation-codes'),
  procedures: valueSetUrl('prefetch-procedure-codes'),
} as const;

function codeFilter(knowledge: Knowledge, url: string): string {
  return knowledge.valueSets
    .enumerated(url)
    .map(({ system, code }) => `${system}|${code}`)
    .join(',');
}

/**
 * The code filter of a template as a test on what came back: a coding in the value set, or a text its
 * patterns match (as the rules read codes).
 */
function codedIn(knowledge: Knowledge, url: string): (resource: FhirResource) => boolean {
  const { valueSets } = knowledge;
  return (resource) => valueSets.matchesConcept(url, (resource as { code?: unknown }).code);
}

/**
 * The prefetch keys of both services, derived once at start-up from the value sets. Only 2.0 tokens
 * (`{{context.patientId}}`) and the 2.0 query subset (reference, token equality, `_sort`, `_count`).
 * The same templates are the FHIR-server fallback queries, so prefetch and fallback cannot disagree.
 * Only what the rules cannot do without is fetched when missing (4 parallel searches at most); the
 * patient and medication keys (MedicationRequest, MedicationAdministration) refine the answer when the EHR
 * sends them: without them a treated CT/NG result reads as untreated, the safe direction (judgment).
 */
export function buildPrefetchPlan(knowledge: Knowledge): PrefetchPlanEntry[] {
  const patient = '{{context.patientId}}';
  return [
    {
      key: 'patient',
      category: 'patient',
      template: `Patient/${patient}`,
      requiredByRules: false,
    },
    {
      key: 'conditions',
      category: 'conditions',
      template: `Condition?patient=${patient}`,
      requiredByRules: true,
    },
    {
      key: 'allergies',
      category: 'allergies',
      template: `AllergyIntolerance?patient=${patient}`,
      requiredByRules: true,
    },
    {
      key: 'observations',
      category: 'observations',
      template: `Observation?patient=${patient}&code=${codeFilter(knowledge, PrefetchValueSets.observations)}&_sort=-date`,
      requiredByRules: true,
      accepts: codedIn(knowledge, PrefetchValueSets.observations),
    },
    {
      key: 'procedures',
      category: 'procedures',
      template: `Procedure?patient=${patient}&code=${codeFilter(knowledge, PrefetchValueSets.procedures)}`,
      requiredByRules: true,
      accepts: codedIn(knowledge, PrefetchValueSets.procedures),
    },
    {
      key: 'medications',
      category: 'medications',
      template: `MedicationRequest?patient=${patient}&status=active,completed`,
      requiredByRules: false,
    },
    {
      key: 'medicationAdministrations',
      category: 'medication-administrations',
      template: `MedicationAdministration?patient=${patient}&status=completed,in-progress`,
      requiredByRules: false,
    },
  ];
}

/** Request statuses of an order still to be done; STU3 ProcedureRequest says `suspended` for on-hold. */
const PENDING_SERVICE_REQUEST = ['draft', 'active', 'on-hold'] as const;
const PENDING_STATUSES: Readonly<Record<string, readonly string[]>> = {
  ServiceRequest: PENDING_SERVICE_REQUEST,
  ProcedureRequest: ['draft', 'active', 'suspended'],
};

function isPending(resource: FhirResource): boolean {
  const status = (resource as { status?: unknown }).status;
  return typeof status === 'string' && (PENDING_STATUSES[resource.resourceType]?.includes(status) ?? false);
}

/**
 * The patient-view service's first key: the orders waiting in the chart (completed, revoked and
 * entered-in-error ones do not count, whatever the EHR sends). Not narrowed by code, so that orders
 * known only by their text are found too; which of them are HSG-family orders is decided as for drafts.
 */
export function buildPendingOrdersPlan(): PrefetchPlanEntry[] {
  return [
    {
      key: 'pendingOrders',
      category: 'pending-orders',
      template: `ServiceRequest?patient={{context.patientId}}&status=${PENDING_SERVICE_REQUEST.join(',')}`,
      requiredByRules: true,
      accepts: isPending,
    },
  ];
}

export function planToTemplates(plan: readonly PrefetchPlanEntry[]): Record<string, string> {
  return Object.fromEntries(plan.map((entry) => [entry.key, entry.template]));
}
