import type { CodeableConcept, Coding, FhirResource, ServiceRequest } from 'fhir/r4.js';
import { codingsOf, textsOf } from '../../fhir/read-elements.js';
import {
  CONTRASTS,
  IMAGING_CATEGORY,
  KIND_CODES,
  PLACE_OF_SERVICE,
  PLACES,
  REASONS,
  procedureOf,
  type ContrastChoice,
  type OrderKind,
  type PlaceChoice,
} from './order-catalog.js';

/** The order-entry form's fields; the draft ServiceRequest is written from them and read back into them. */
export interface OrderForm {
  /** '' while no procedure is chosen (no draft order). */
  readonly kind: OrderKind | '';
  /** ICD-10-CM codes from REASONS. */
  readonly reasons: readonly string[];
  /** YYYY-MM-DD, or '' when not scheduled. */
  readonly scheduledDate: string;
  readonly contrast: ContrastChoice;
  readonly place: PlaceChoice;
}

export const EMPTY_FORM: OrderForm = {
  kind: '',
  reasons: [],
  scheduledDate: '',
  contrast: 'water-soluble',
  place: 'unspecified',
};

const sameCode = (a: Coding, b: Coding | undefined): boolean =>
  b !== undefined && a.system === b.system && a.code === b.code;

/** Which of the form's procedures a draft order is, by code first, then by its text. */
export function kindOfOrder(resource: FhirResource): OrderKind | undefined {
  if (resource.resourceType !== 'ServiceRequest') return undefined;
  const codings = codingsOf(resource.code);
  const byCode = KIND_CODES.find((k) =>
    codings.some((c) => c.system === k.system && k.codes.includes(c.code ?? '')),
  );
  if (byCode) return byCode.kind;
  const text = textsOf(resource.code).join(' ');
  if (/sono-?hystero|saline infusion/i.test(text)) return 'sis';
  if (/selective salpingo/i.test(text)) return 'selective-salpingography';
  if (/hysterosalping|\bHSG\b/i.test(text)) return 'hsg';
  return undefined;
}

export function readOrderForm(order: ServiceRequest): OrderForm {
  const reasonCodings = (order.reasonCode ?? []).flatMap(codingsOf);
  const details = (order.orderDetail ?? []).flatMap(codingsOf);
  const locations = (order.locationCode ?? []).flatMap(codingsOf);
  const date = order.occurrenceDateTime ?? order.occurrencePeriod?.start ?? '';
  return {
    kind: kindOfOrder(order) ?? '',
    reasons: REASONS.filter((r) => reasonCodings.some((c) => sameCode(c, r))).map((r) => r.code ?? ''),
    scheduledDate: /^\d{4}-\d{2}-\d{2}/.test(date) ? date.slice(0, 10) : '',
    contrast: CONTRASTS.find((c) => details.some((d) => sameCode(d, c.coding)))?.choice ?? 'unspecified',
    place: PLACES.find((p) => locations.some((l) => sameCode(l, p.coding)))?.choice ?? 'unspecified',
  };
}

/** A new draft order for the patient, as an EHR creates it when the clinician picks the procedure. */
export function newDraftOrder(input: {
  readonly id: string;
  readonly patientId: string;
  readonly userId: string;
  readonly authoredOn: string;
}): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: input.id,
    status: 'draft',
    intent: 'order',
    category: [{ coding: [{ ...IMAGING_CATEGORY }] }],
    code: { text: 'Procedure not chosen' },
    subject: { reference: `Patient/${input.patientId}` },
    requester: { reference: input.userId },
    authoredOn: input.authoredOn,
  };
}

const isFormReason = (concept: CodeableConcept): boolean =>
  codingsOf(concept).some((c) => REASONS.some((r) => sameCode(c, r)));
const isContrastDetail = (concept: CodeableConcept): boolean =>
  codingsOf(concept).some((c) => CONTRASTS.some((x) => sameCode(c, x.coding)));
const isPlaceCode = (concept: CodeableConcept): boolean =>
  codingsOf(concept).some((c) => c.system === PLACE_OF_SERVICE);

function withList<K extends 'reasonCode' | 'orderDetail' | 'locationCode'>(
  order: ServiceRequest,
  key: K,
  list: CodeableConcept[],
): void {
  if (list.length > 0) order[key] = list;
  else delete order[key];
}

/**
 * The draft order with the form applied. What the form does not manage is kept (other reasons and
 * details, codes a suggestion added while the procedure stays the same, ids and references).
 */
export function writeOrderForm(order: ServiceRequest, form: OrderForm): ServiceRequest {
  if (form.kind === '') throw new Error('Choose a procedure before writing the order');
  const procedure = procedureOf(form.kind);
  const next = structuredClone(order);
  if (kindOfOrder(order) !== form.kind) {
    next.code = { coding: procedure.codings.map((c) => ({ ...c })), text: procedure.text };
  }
  const chosenReasons = REASONS.filter((r) => form.reasons.includes(r.code ?? '')).map((r) => ({
    coding: [{ ...r }],
    text: r.display,
  }));
  withList(next, 'reasonCode', [
    ...chosenReasons,
    ...(order.reasonCode ?? []).filter((c) => !isFormReason(c)),
  ]);

  delete next.occurrenceDateTime;
  delete next.occurrencePeriod;
  delete next.occurrenceTiming;
  if (form.scheduledDate) next.occurrenceDateTime = form.scheduledDate;

  const contrast = procedure.usesContrast ? CONTRASTS.find((c) => c.choice === form.contrast) : undefined;
  const contrastDetail = contrast?.coding
    ? [{ coding: [{ ...contrast.coding }], text: `${contrast.label} contrast` }]
    : [];
  withList(next, 'orderDetail', [
    ...(order.orderDetail ?? []).filter((d) => !isContrastDetail(d)),
    ...contrastDetail,
  ]);

  const place = PLACES.find((p) => p.choice === form.place)?.coding;
  const placeCode = place ? [{ coding: [{ ...place }], text: place.display }] : [];
  withList(next, 'locationCode', [
    ...(order.locationCode ?? []).filter((l) => !isPlaceCode(l)),
    ...placeCode,
  ]);
  return next;
}
