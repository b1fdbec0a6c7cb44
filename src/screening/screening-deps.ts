import type { PatientDataSource, PrefetchPlanEntry } from '../data/patient-data-source.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { RuleSettings } from '../rules/types.js';

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
