/**
 * Builders for the clinical-rule tests: small, valid FHIR R4 resources about one synthetic patient, and a
 * ScreeningInput around them. Dates are relative to a fixed clock (NOW).
 */
import { expect } from '@jest/globals';
import type {
  AllergyIntolerance,
  CodeableConcept,
  Coding,
  Condition,
  FhirResource,
  MedicationAdministration,
  MedicationRequest,
  Observation,
  Procedure,
  ServiceRequest,
} from 'fhir/r4.js';
import type { Knowledge } from '../../src/knowledge/knowledge.js';
import { recogniseOrders } from '../../src/orders/recognise-orders.js';
import { evaluateRules } from '../../src/rules/evaluate-rules.js';
import type {
  DataCategory,
  Finding,
  PatientRecord,
  ScreeningInput,
  Severity,
} from '../../src/rules/types.js';

export const NOW = new Date('2026-12-01T09:00:00Z');
/** The default scheduled date of the test orders: the day after NOW. */
export const SCHEDULED = '2026-12-02T09:00:00Z';
export const PATIENT_ID = 'rules-patient';
const SUBJECT = { reference: `Patient/${PATIENT_ID}` };

export const SYSTEM = {
  loinc: 'http://loinc.org',
  sct: 'http://snomed.info/sct',
  icd: 'http://hl7.org/fhir/sid/icd-10-cm',
  cpt: 'http://www.ama-assn.org/go/cpt',
  cdcRace: 'urn:oid:2.16.840.1.113883.6.238',
  ucum: 'http://unitsofmeasure.org',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
} as const;

const DAY_MS = 86_400_000;
/** An ISO instant `days` before NOW (fractions allowed; negative is after NOW). */
export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * DAY_MS).toISOString();
}

export const code = (system: string, value: string, display?: string): Coding => ({
  system,
  code: value,
  ...(display ? { display } : {}),
});
export const icd = (value: string, display?: string): Coding => code(SYSTEM.icd, value, display);
export const sct = (value: string, display?: string): Coding => code(SYSTEM.sct, value, display);
const concept = (coding: Coding | string): CodeableConcept =>
  typeof coding === 'string' ? { text: coding } : { coding: [coding] };

export const POSITIVE = code(SYSTEM.sct, '10828004', 'Positive');
export const NEGATIVE = code(SYSTEM.sct, '260385009', 'Negative');
export const SERUM_HCG = code(SYSTEM.loinc, '2118-8', 'Choriogonadotropin [Presence] in Serum or Plasma');
export const URINE_HCG = code(SYSTEM.loinc, '2106-3', 'Choriogonadotropin [Presence] in Urine');
export const QUANT_HCG = code(
  SYSTEM.loinc,
  '19080-1',
  'Choriogonadotropin [Units/volume] in Serum or Plasma',
);

/** `{ clinicalStatus: { coding: [...] } }` with the code of a terminology.hl7.org CodeSystem, or nothing. */
function status<K extends string>(
  key: K,
  codeSystem: string,
  value: string | null | undefined,
): Partial<Record<K, CodeableConcept>> {
  if (!value) return {};
  const system = `http://terminology.hl7.org/CodeSystem/${codeSystem}`;
  return { [key]: { coding: [{ system, code: value }] } } as Partial<Record<K, CodeableConcept>>;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}`;

export interface ConditionOptions {
  readonly clinical?: string | null;
  readonly verification?: string;
  readonly onset?: string;
  readonly abatement?: string;
  readonly recorded?: string;
}

export function condition(coding: Coding | string, options: ConditionOptions = {}): Condition {
  return {
    resourceType: 'Condition',
    id: nextId('condition'),
    subject: SUBJECT,
    code: concept(coding),
    ...status(
      'clinicalStatus',
      'condition-clinical',
      options.clinical === undefined ? 'active' : options.clinical,
    ),
    ...status('verificationStatus', 'condition-ver-status', options.verification),
    ...(options.onset ? { onsetDateTime: options.onset } : {}),
    ...(options.abatement ? { abatementDateTime: options.abatement } : {}),
    ...(options.recorded ? { recordedDate: options.recorded } : {}),
  };
}

export type ObservationValue =
  | { readonly coded: Coding }
  | { readonly quantity: number; readonly unit?: string; readonly comparator?: '<' | '>' | '<=' | '>=' }
  | { readonly text: string }
  | { readonly dateTime: string }
  | { readonly none: true };

export interface ObservationOptions {
  readonly status?: Observation['status'];
  readonly date?: string;
  readonly interpretation?: string;
}

function valueOf(value: ObservationValue): Partial<Observation> {
  if ('coded' in value) return { valueCodeableConcept: { coding: [value.coded] } };
  if ('quantity' in value) {
    const unit = value.unit ?? 'm[IU]/mL';
    return {
      valueQuantity: {
        value: value.quantity,
        unit,
        system: SYSTEM.ucum,
        code: unit,
        ...(value.comparator ? { comparator: value.comparator } : {}),
      },
    };
  }
  if ('text' in value) return { valueString: value.text };
  if ('dateTime' in value) return { valueDateTime: value.dateTime };
  return {};
}

export function observation(
  test: Coding,
  value: ObservationValue,
  options: ObservationOptions = {},
): Observation {
  return {
    resourceType: 'Observation',
    id: nextId('observation'),
    status: options.status ?? 'final',
    code: { coding: [test] },
    subject: SUBJECT,
    effectiveDateTime: options.date ?? daysAgo(1),
    ...valueOf(value),
    ...(options.interpretation
      ? { interpretation: [{ coding: [code(SYSTEM.interpretation, options.interpretation)] }] }
      : {}),
  };
}

export interface AllergyOptions {
  readonly criticality?: AllergyIntolerance['criticality'];
  readonly clinical?: string | null;
  readonly verification?: string;
  readonly reaction?: {
    readonly manifestation: Coding | string;
    readonly severity?: 'mild' | 'moderate' | 'severe';
  };
}

export function allergy(coding: Coding | string, options: AllergyOptions = {}): AllergyIntolerance {
  const reaction = options.reaction;
  return {
    resourceType: 'AllergyIntolerance',
    id: nextId('allergy'),
    patient: SUBJECT,
    code: concept(coding),
    ...status(
      'clinicalStatus',
      'allergyintolerance-clinical',
      options.clinical === undefined ? 'active' : options.clinical,
    ),
    ...status('verificationStatus', 'allergyintolerance-verification', options.verification),
    ...(options.criticality ? { criticality: options.criticality } : {}),
    ...(reaction
      ? {
          reaction: [
            {
              manifestation: [concept(reaction.manifestation)],
              ...(reaction.severity ? { severity: reaction.severity } : {}),
            },
          ],
        }
      : {}),
  };
}

export function procedure(
  coding: Coding,
  performed: string,
  status: Procedure['status'] = 'completed',
): Procedure {
  return {
    resourceType: 'Procedure',
    id: nextId('procedure'),
    status,
    code: concept(coding),
    subject: SUBJECT,
    performedDateTime: performed,
  };
}

export function medicationRequest(
  text: string,
  status: MedicationRequest['status'] = 'active',
  authoredOn?: string,
): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: nextId('medication'),
    status,
    intent: 'order',
    medicationCodeableConcept: { text },
    subject: SUBJECT,
    ...(authoredOn ? { authoredOn } : {}),
  };
}

/** A dose given (effectiveDateTime `given`), of a medication known by its text. */
export function medicationAdministration(
  text: string,
  status: MedicationAdministration['status'] = 'completed',
  given?: string,
): MedicationAdministration {
  return {
    resourceType: 'MedicationAdministration',
    id: nextId('administration'),
    status,
    medicationCodeableConcept: { text },
    subject: SUBJECT,
    ...(given ? { effectiveDateTime: given } : {}),
  };
}

/** Another draft order of the same call (an hCG or TSH test already ordered, say). */
export function draftServiceRequest(coding: Coding, id: string = nextId('draft')): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'order',
    subject: SUBJECT,
    code: { coding: [coding] },
  };
}

export interface OrderOptions {
  readonly id?: string;
  readonly kind?: 'hsg' | 'sis' | 'selective-salpingography';
  readonly contrast?: 'oil' | 'water' | 'none';
  /** A date, or null for an order without a scheduled date. */
  readonly scheduled?: string | null;
  /** Reason codings; defaults to N97.9 female infertility. Pass [] for none. */
  readonly reasons?: readonly Coding[];
}

const ORDER_CODES = {
  hsg: [code(SYSTEM.cpt, '74740', 'Hysterosalpingography, radiological supervision and interpretation')],
  sis: [code(SYSTEM.cpt, '76831', 'Saline infusion sonohysterography'), code(SYSTEM.cpt, '58340')],
  'selective-salpingography': [code(SYSTEM.cpt, '74742', 'Transcervical catheterization of fallopian tube')],
} as const;

const CONTRAST_DETAIL: Record<'oil' | 'water' | 'none', CodeableConcept | undefined> = {
  oil: { coding: [code(SYSTEM.sct, '109224005', 'Ethiodized oil')], text: 'Lipiodol (ethiodized oil)' },
  water: { coding: [code(SYSTEM.sct, '426722004', 'Iodinated contrast media')], text: 'Water-soluble' },
  none: undefined,
};

export const INFERTILITY = code(SYSTEM.icd, 'N97.9', 'Female infertility, unspecified');
export const LMP = code(SYSTEM.loinc, '8665-2', 'Last menstrual period start date');
/** An LMP that puts the default scheduled date (tomorrow) on the given cycle day, recorded today. */
export function lmpForCycleDay(
  day: number,
  options: { status?: 'final' | 'entered-in-error' } = {},
): Observation {
  return observation(LMP, { dateTime: daysAgo(day - 2).slice(0, 10) }, { date: daysAgo(0), ...options });
}

export function hsgOrder(options: OrderOptions = {}): ServiceRequest {
  const kind = options.kind ?? 'hsg';
  const contrast = options.contrast ?? (kind === 'sis' ? 'none' : 'water');
  const scheduled = options.scheduled === undefined ? SCHEDULED : options.scheduled;
  const reasons = options.reasons ?? [INFERTILITY];
  const detail = CONTRAST_DETAIL[contrast];
  return {
    resourceType: 'ServiceRequest',
    id: options.id ?? nextId('order'),
    status: 'draft',
    intent: 'order',
    subject: SUBJECT,
    code: { coding: [...ORDER_CODES[kind]] },
    ...(detail ? { orderDetail: [detail] } : {}),
    ...(scheduled ? { occurrenceDateTime: scheduled } : {}),
    ...(reasons.length > 0 ? { reasonCode: reasons.map((r) => ({ coding: [r] })) } : {}),
  };
}

export interface RecordParts {
  readonly conditions?: readonly Condition[];
  readonly allergies?: readonly AllergyIntolerance[];
  readonly observations?: readonly Observation[];
  readonly procedures?: readonly Procedure[];
  readonly medicationRequests?: readonly MedicationRequest[];
  readonly medicationAdministrations?: readonly MedicationAdministration[];
  readonly unavailable?: readonly DataCategory[];
  /** The patient's birth date (YYYY-MM-DD); none by default. */
  readonly birthDate?: string;
}

function patientRecord(parts: RecordParts): PatientRecord {
  const unavailable = (parts.unavailable ?? []).map((c): [DataCategory, string] => [c, `'${c}' was absent`]);
  return {
    patientId: PATIENT_ID,
    patient: {
      resourceType: 'Patient',
      id: PATIENT_ID,
      ...(parts.birthDate ? { birthDate: parts.birthDate } : {}),
    },
    conditions: parts.conditions ?? [],
    allergies: parts.allergies ?? [],
    observations: parts.observations ?? [],
    procedures: parts.procedures ?? [],
    medicationRequests: parts.medicationRequests ?? [],
    medicationAdministrations: parts.medicationAdministrations ?? [],
    unavailable: new Map(unavailable),
  };
}

export interface InputOptions extends RecordParts {
  /** The orders to screen (default: one water-soluble HSG order scheduled tomorrow). */
  readonly orders?: readonly ServiceRequest[];
  /** Other draft orders in the call. */
  readonly otherDrafts?: readonly FhirResource[];
  readonly now?: Date;
  readonly cycleDayWindow?: { readonly first: number; readonly last: number };
  readonly sisCycleDayWindow?: { readonly first: number; readonly last: number };
  readonly pregnancyTestProtocol?: 'order-sign' | 'day-of-procedure';
  /** order-sign unless stated. */
  readonly hook?: 'order-select' | 'order-sign';
}

/** A ScreeningInput as screen-hsg-orders builds it, with the orders recognised by the real recogniser. */
export function screeningInput(knowledge: Knowledge, options: InputOptions = {}): ScreeningInput {
  const serviceRequests = options.orders ?? [hsgOrder()];
  const draftOrders = [...serviceRequests, ...(options.otherDrafts ?? [])];
  return {
    record: patientRecord(options),
    orders: recogniseOrders(
      {
        resourceType: 'Bundle',
        type: 'collection',
        entry: serviceRequests.map((resource) => ({ resource })),
      },
      {},
      knowledge.valueSets,
    ),
    draftOrders,
    hook: options.hook ?? 'order-sign',
    knowledge,
    now: options.now ?? NOW,
    settings: {
      cycleDayWindow: options.cycleDayWindow ?? { first: 6, last: 12 },
      ...(options.sisCycleDayWindow ? { sisCycleDayWindow: options.sisCycleDayWindow } : {}),
      ...(options.pregnancyTestProtocol ? { pregnancyTestProtocol: options.pregnancyTestProtocol } : {}),
      billingSetting: 'facility',
    },
  };
}

/** A clean baseline: a final negative serum hCG yesterday, so only the finding under test fires. */
export function negativeHcgYesterday(): Observation {
  return observation(SERUM_HCG, { coded: NEGATIVE }, { date: daysAgo(1) });
}

export interface RuleCase {
  readonly name: string;
  readonly input: InputOptions;
  /** The severity the finding must have, or 'none' when the kind must stay silent. */
  readonly expected: Severity | 'none';
}

/** The assertion of every table row: the kind fires once with the expected severity, or stays silent. */
export function expectCase(
  knowledge: Knowledge,
  kind: string,
  { input, expected }: RuleCase,
): Finding | undefined {
  const findings = evaluateRules(screeningInput(knowledge, input)).filter((f) => f.kind === kind);
  if (expected === 'none') {
    expect(findings).toEqual([]);
    return undefined;
  }
  expect(findings).toHaveLength(1);
  const finding = findings[0]!;
  expect(finding.severity).toBe(expected);
  expect(finding.summary.length).toBeLessThanOrEqual(139);
  expect(finding.summary).not.toMatch(/[<>]/);
  return finding;
}

/**
 * expectCase over a record that already holds yesterday's final negative serum hCG (unless the case sets
 * its own Observations), so rules other than the pregnancy ones are not drowned out by pregnancy-test-needed.
 */
export function expectCaseWithNegativeHcg(
  knowledge: Knowledge,
  kind: string,
  c: RuleCase,
): Finding | undefined {
  return expectCase(knowledge, kind, { ...c, input: { observations: [negativeHcgYesterday()], ...c.input } });
}
