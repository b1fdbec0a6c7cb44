import type {
  AllergyIntolerance,
  Coding,
  Condition,
  FhirResource,
  MedicationAdministration,
  MedicationRequest,
  Observation,
  Patient,
  Procedure,
  ServiceRequest,
} from 'fhir/r4.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { RecognisedOrder } from '../orders/recognised-order.js';

/** The kinds of patient data the rules read; each is fetched (or prefetched) as one unit. */
export type DataCategory =
  | 'patient'
  | 'conditions'
  | 'allergies'
  | 'observations'
  | 'procedures'
  | 'medications'
  | 'medication-administrations';

/**
 * The normalised patient record the rules see: only resources of the right type for this patient,
 * and an explicit list of the categories that could not be obtained (never silently empty).
 */
export interface PatientRecord {
  readonly patientId: string;
  readonly patient: Patient | undefined;
  readonly conditions: readonly Condition[];
  readonly allergies: readonly AllergyIntolerance[];
  readonly observations: readonly Observation[];
  readonly procedures: readonly Procedure[];
  readonly medicationRequests: readonly MedicationRequest[];
  /** Doses given (category `medication-administrations`): read for documented CT/NG treatment. */
  readonly medicationAdministrations: readonly MedicationAdministration[];
  /** Category → why it could not be obtained (e.g. "FHIR server answered 500"). */
  readonly unavailable: ReadonlyMap<DataCategory, string>;
}

export type Severity = 'info' | 'warning' | 'critical';

/** Severities in rising urgency, for ordering and comparing findings. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, critical: 2 };

/** One resource that made a rule fire, as shown to the clinician. */
export interface Evidence {
  /** e.g. "Observation" */
  readonly resourceType: string;
  /** e.g. "Choriogonadotropin [Presence] in Serum or Plasma: Positive" */
  readonly description: string;
  /** ISO date or dateTime of the observation, onset or recording. */
  readonly date?: string;
  readonly reference?: string;
}

export interface Reference {
  readonly label: string;
  /** Absolute https URL of the guideline or source. */
  readonly url: string;
}

/**
 * What a suggestion should do, in domain terms; cards/ turns it into CDS Hooks actions with complete
 * FHIR resources.
 */
export type SuggestionIntent =
  | { readonly kind: 'cancel-order'; readonly label: string }
  /** delete the order and create one from the ActivityDefinition (canonical URL) */
  | { readonly kind: 'replace-order'; readonly label: string; readonly activityDefinition: string }
  /** create a new order from the ActivityDefinition */
  | { readonly kind: 'create-order'; readonly label: string; readonly activityDefinition: string }
  /** update the draft order to this full resource */
  | { readonly kind: 'update-order'; readonly label: string; readonly resource: ServiceRequest };

/** A rule's conclusion about one order: rendered as exactly one card. */
export interface Finding {
  /** A code of the finding-kind CodeSystem (fhir-profiles/), carried as the card's `source.topic`. */
  readonly kind: string;
  readonly severity: Severity;
  readonly order: RecognisedOrder;
  /** One sentence, what and what to do; at most 139 characters. */
  readonly summary: string;
  /**
   * What to do about this finding, when its variant's advice differs from the kind's page `whatToDo`
   * (fhir-profiles/pages/finding-kinds.json): plain text, one or two sentences, shown on the card as "What to do".
   */
  readonly action?: string;
  /** Markdown paragraphs (no HTML) explaining the rule; evidence is listed separately. */
  readonly explanation: string;
  readonly evidence: readonly Evidence[];
  readonly references: readonly Reference[];
  readonly suggestions: readonly SuggestionIntent[];
  /** Codes of the override-reason CodeSystem relevant to this finding. */
  readonly overrideReasons: readonly string[];
  /** Machine-readable codes to put on the card (billing), as FHIR Codings. */
  readonly codings?: readonly Coding[];
}

/** Settings the rules read; all come from configuration. */
export interface RuleSettings {
  /** HSG and selective salpingography (CYCLE_DAY_WINDOW). */
  readonly cycleDayWindow: { readonly first: number; readonly last: number };
  readonly billingSetting: 'office' | 'facility';
  /** SIS (SIS_CYCLE_DAY_WINDOW); DEFAULT_SIS_CYCLE_DAY_WINDOW when left out. */
  readonly sisCycleDayWindow?: { readonly first: number; readonly last: number };
  /**
   * PREGNANCY_TEST_PROTOCOL: `order-sign` (default) shows pregnancy-test-needed at signing; `day-of-procedure` (the
   * site tests everyone on arrival) keeps only its escalated warnings.
   */
  readonly pregnancyTestProtocol?: 'order-sign' | 'day-of-procedure';
  /** BILLING_CARD_ON_ORDER_SELECT: show the billing card to the ordering clinician on order-select (default false). */
  readonly billingCardOnOrderSelect?: boolean;
}

/** Everything a rule may read. Rules are pure: the same input always gives the same findings. */
export interface ScreeningInput {
  readonly record: PatientRecord;
  /** The HSG-family and SIS orders to screen (order-select: the selected ones only). */
  readonly orders: readonly RecognisedOrder[];
  /** Every draft order in the call, to avoid suggesting what is already drafted. */
  readonly draftOrders: readonly FhirResource[];
  readonly hook: 'order-select' | 'order-sign' | 'patient-view';
  readonly knowledge: Knowledge;
  /** The clock; required, never defaulted. */
  readonly now: Date;
  readonly settings: RuleSettings;
}
