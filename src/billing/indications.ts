import type { CodeableConcept, Coding, Condition } from 'fhir/r4.js';
import { arrayOf, completeCodingsOf, referencedId } from '../fhir/read-elements.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import { normaliseCode } from '../knowledge/value-set-index.js';
import type { RecognisedOrder } from '../orders/recognised-order.js';
import { conditionState, isStatusRecorded } from '../rules/record-status.js';
import type { PatientRecord } from '../rules/types.js';
import { BillingKnowledge, BillingSystems } from './billing-knowledge.js';

export interface Indication {
  /** ICD-10-CM codes are given in their dotted form (`N97.1`) whatever form the record used. */
  readonly coding: Coding;
  /** Where it was found: "order reasonCode", "Condition/c1". */
  readonly sources: readonly string[];
}

/** Why a supporting ICD-10-CM code cannot go on the claim. */
export interface NotBillable {
  readonly indication: Indication;
  /** `header`: a category or subcategory; `not-in-year`: not a code in that fiscal year; `unknown`: not in the shipped table. */
  readonly reason: 'header' | 'not-in-year' | 'unknown';
}

export interface IndicationReport {
  /** Codes of the hsg-indication value set on the order or among active Conditions. */
  readonly supporting: readonly Indication[];
  /** The supporting ICD-10-CM codes billable on the date of service: the diagnoses a claim can carry. */
  readonly claimable: readonly Indication[];
  /** Supporting ICD-10-CM codes that are not billable on the date of service; never replaced by another. */
  readonly notBillable: readonly NotBillable[];
  /** The ICD-10-CM fiscal year of the date of service (limited to the years the shipped table holds). */
  readonly fiscalYear: number;
  /** ICD-10-CM reasons given on the order that are not in the value set. */
  readonly otherReasons: readonly Indication[];
  /** What could not be read (unresolved references, Conditions unavailable). */
  readonly notes: readonly string[];
}

function isDiscounted(condition: Condition): boolean {
  return conditionState(condition) === 'excluded';
}

/**
 * Only a Condition recorded as active supports a claim. The rules, screening for safety, also count one
 * with no clinical status; billing does not put such a diagnosis forward.
 */
function isActive(condition: Condition): boolean {
  return conditionState(condition) === 'active' && isStatusRecorded(condition.clinicalStatus);
}

export function formatIcd10cm(code: string): string {
  const plain = normaliseCode(BillingSystems.icd10cm, code);
  return plain.length > 3 ? `${plain.slice(0, 3)}.${plain.slice(3)}` : plain;
}

class IndicationCollector {
  private readonly found = new Map<string, { coding: Coding; sources: string[] }>();
  /**
   * `canonical`: the preferred URI of the coding's system (an OID or URI alias is stored under it);
   * `displayOf`: the display the indication value set gives a code, if it is one of its codes.
   */
  constructor(
    private readonly canonical: (system: string) => string,
    private readonly displayOf: (coding: Coding) => string | undefined = () => undefined,
  ) {}

  add(coding: Coding, source: string): void {
    const system = this.canonical(coding.system ?? '');
    const code = system === BillingSystems.icd10cm ? formatIcd10cm(coding.code ?? '') : (coding.code ?? '');
    const key = `${system}|${normaliseCode(system, code)}`;
    const entry = this.found.get(key);
    if (entry) {
      if (!entry.sources.includes(source)) entry.sources.push(source);
      return;
    }
    const display = this.displayOf({ system, code }) ?? coding.display;
    this.found.set(key, { coding: { system, code, ...(display ? { display } : {}) }, sources: [source] });
  }

  list(): Indication[] {
    return [...this.found.values()];
  }
}

/**
 * The indications of an order: its reasonCode, the Conditions its reasonReference names (resolved by
 * id against the record's Conditions only) and the patient's active Conditions. Only ICD-10-CM codes
 * billable in the fiscal year of the date of service are claimable (ICD-10-CM changes every 1 October).
 */
export function findIndications(
  order: RecognisedOrder,
  record: PatientRecord,
  knowledge: Knowledge,
  dateOfService: Date,
): IndicationReport {
  const url = BillingKnowledge.indication;
  const canonical = knowledge.canonicalSystem;
  // The value set's display, else the ICD-10-CM title (families matched by is-a list no displays).
  const supporting = new IndicationCollector(
    canonical,
    (coding) =>
      knowledge.valueSets.display(url, coding) ??
      (coding.system === BillingSystems.icd10cm
        ? knowledge.icd10cm.get(coding.code ?? '')?.title
        : undefined),
  );
  const other = new IndicationCollector(canonical);
  const notes: string[] = [];
  const take = (codings: Coding[], source: string, keepOthers: boolean) => {
    for (const coding of codings) {
      if (knowledge.valueSets.has(url, coding)) supporting.add(coding, source);
      else if (keepOthers && canonical(coding.system ?? '') === BillingSystems.icd10cm)
        other.add(coding, source);
    }
  };

  take(
    arrayOf<CodeableConcept>(order.resource.reasonCode).flatMap(completeCodingsOf),
    'order reasonCode',
    true,
  );
  for (const ref of arrayOf<{ reference?: unknown }>(order.resource.reasonReference)) {
    const id = referencedId(ref?.reference, 'Condition');
    const condition = id ? record.conditions.find((c) => c.id === id) : undefined;
    if (condition && !isDiscounted(condition))
      take(completeCodingsOf(condition.code), `Condition/${id}`, true);
    else if (condition) notes.push(`reasonReference Condition/${id} is refuted or entered in error`);
    else if (typeof ref?.reference === 'string')
      notes.push(`reasonReference ${ref.reference} is not among the patient's Conditions`);
  }
  for (const condition of record.conditions) {
    // Most of a problem list is not an HSG indication: test before building anything.
    if (!isActive(condition) || !knowledge.valueSets.firstMatch(url, condition.code?.coding)) continue;
    take(
      completeCodingsOf(condition.code),
      `Condition/${typeof condition.id === 'string' ? condition.id : '?'}`,
      false,
    );
  }

  const unavailable = record.unavailable.get('conditions');
  if (unavailable) notes.push(`the patient's Conditions could not be obtained (${unavailable})`);
  const found = supporting.list();
  const fiscalYear = knowledge.icd10cm.fiscalYearOn(dateOfService);
  const claimable: Indication[] = [];
  const notBillable: NotBillable[] = [];
  for (const indication of found) {
    if (indication.coding.system !== BillingSystems.icd10cm) continue;
    const status = knowledge.icd10cm.statusIn(indication.coding.code ?? '', fiscalYear);
    if (status === 'billable') claimable.push(indication);
    else notBillable.push({ indication, reason: status });
  }
  return { supporting: found, claimable, notBillable, fiscalYear, otherReasons: other.list(), notes };
}
