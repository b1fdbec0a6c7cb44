import type { Bundle, CodeableConcept, Coding, FhirResource, ServiceRequest } from 'fhir/r4.js';
import { arrayOf, codingsOf, textsOf } from '../fhir/read-elements.js';
import type { ValueSetIndex } from '../knowledge/value-set-index.js';
import { OrderValueSets as VS } from './order-value-sets.js';
import type { ContrastKind, OrderKind, RecognisedOrder } from './recognised-order.js';

const ORDER_TYPES = new Set(['ServiceRequest', 'ProcedureRequest']);

export interface OrderScope {
  /** order-select: only the newly selected orders are screened; other drafts are context. */
  readonly selections?: readonly string[];
}

function kindByCode(codings: Coding[], index: ValueSetIndex): OrderKind | undefined {
  const has = (url: string) => codings.some((c) => index.has(url, c));
  if (has(VS.selectiveSalpingographyOrder)) return 'selective-salpingography';
  if (has(VS.hsgOrder)) return 'hsg';
  if (has(VS.sisOrder)) return 'sis';
  return undefined;
}

function kindByText(texts: string[], index: ValueSetIndex): OrderKind | undefined {
  if (texts.some((t) => index.matchesText(VS.sisOrderText, t))) return 'sis';
  if (texts.some((t) => index.matchesText(VS.hsgOrderText, t))) return 'hsg';
  return undefined;
}

/** The texts of an order that may name its contrast: order details, the code, and notes (blank ones left out). */
export function contrastTextsOf(order: ServiceRequest): string[] {
  return [
    ...arrayOf<CodeableConcept>(order.orderDetail).flatMap(textsOf),
    ...textsOf(order.code),
    ...arrayOf<{ text?: unknown }>(order.note).map((n) => n?.text),
  ].filter((t): t is string => typeof t === 'string' && t.trim().length > 0);
}

function contrastOf(order: ServiceRequest, index: ValueSetIndex): ContrastKind {
  const details = arrayOf<CodeableConcept>(order.orderDetail);
  const codings = [...details.flatMap(codingsOf), ...codingsOf(order.code)];
  const texts = contrastTextsOf(order);
  const matches = (url: string) =>
    codings.some((c) => index.has(url, c)) || texts.some((t) => index.matchesText(url, t));
  if (matches(VS.oilBasedContrast)) return 'oil-based';
  if (matches(VS.waterSolubleContrast)) return 'water-soluble';
  return 'unspecified';
}

function scheduledDateOf(order: ServiceRequest): string | undefined {
  const candidates = [
    order.occurrenceDateTime,
    order.occurrencePeriod?.start,
    arrayOf<string>(order.occurrenceTiming?.event)[0],
  ];
  return candidates.find((d): d is string => typeof d === 'string' && !Number.isNaN(Date.parse(d)));
}

const KIND_LABEL: Record<OrderKind, string> = {
  hsg: 'Hysterosalpingography',
  'selective-salpingography': 'Selective salpingography',
  sis: 'Saline infusion sonohysterography',
};

/** The order's own name for card text, bounded: it is repeated on every card about the order. */
const MAX_LABEL_LENGTH = 120;

function labelOf(order: ServiceRequest, kind: OrderKind): string {
  const text = typeof order.code?.text === 'string' ? order.code.text.replace(/\s+/g, ' ').trim() : '';
  if (!text) return KIND_LABEL[kind];
  return text.length > MAX_LABEL_LENGTH ? `${text.slice(0, MAX_LABEL_LENGTH - 1)}…` : text;
}

/**
 * Which HSG-family procedure an order is, if any: by code first, else by its text. Also asked of the
 * other draft orders (is an SIS already drafted?), so they are read exactly as the screened ones.
 */
export function orderKindOf(
  order: FhirResource,
  index: ValueSetIndex,
): Pick<RecognisedOrder, 'kind' | 'recognisedBy' | 'imagingCodeMissing'> | undefined {
  // STU3 clients send ProcedureRequest, which has the same code element.
  if (!ORDER_TYPES.has(order.resourceType)) return undefined;
  const code = (order as ServiceRequest).code;
  const codings = codingsOf(code);
  const byCode = kindByCode(codings, index);
  if (byCode) return { kind: byCode, recognisedBy: 'code' };
  if (codings.some((c) => index.has(VS.uterineInjection, c)))
    return injectionOnlyKind(order as ServiceRequest, index);
  const byText = kindByText(textsOf(code), index);
  return byText ? { kind: byText, recognisedBy: 'text' } : undefined;
}

/**
 * CPT 58340 alone is the injection shared by HSG and SIS, and its display names both: HSG-family, with the
 * contrast rules, unless the order's own words (text, other codings, details, notes) say SIS or saline.
 */
function injectionOnlyKind(
  order: ServiceRequest,
  index: ValueSetIndex,
): Pick<RecognisedOrder, 'kind' | 'recognisedBy' | 'imagingCodeMissing'> {
  const own = {
    ...order.code,
    coding: codingsOf(order.code).filter((c) => !index.has(VS.uterineInjection, c)),
  };
  const texts = contrastTextsOf({ ...order, code: own });
  const saline = texts.some(
    (t) => index.matchesText(VS.sisOrderText, t) || index.matchesText(VS.salineMedium, t),
  );
  return { kind: saline ? 'sis' : 'hsg', recognisedBy: 'code', imagingCodeMissing: true };
}

/**
 * Finds the HSG-family and SIS orders among the draft orders, by code first and by free text when
 * the codes are missing or local. Pure; tolerant of malformed entries (they are skipped).
 */
export function recogniseOrders(
  draftOrders: Bundle | undefined,
  scope: OrderScope,
  index: ValueSetIndex,
): RecognisedOrder[] {
  const selected = scope.selections ? new Set(scope.selections) : undefined;
  const orders: RecognisedOrder[] = [];
  for (const entry of arrayOf<{ resource?: unknown }>(draftOrders?.entry)) {
    const resource = entry?.resource as ServiceRequest | undefined;
    const resourceType = (resource as { resourceType?: unknown } | undefined)?.resourceType;
    if (typeof resourceType !== 'string' || !ORDER_TYPES.has(resourceType)) continue;
    const reference = typeof resource?.id === 'string' ? `${resourceType}/${resource.id}` : undefined;
    if (!resource || !reference) continue;
    if (selected && !selected.has(reference)) continue;
    const kind = orderKindOf(resource as FhirResource, index);
    if (!kind) continue;
    const recognised = kind.kind;
    orders.push({
      reference,
      resourceType: resourceType as RecognisedOrder['resourceType'],
      resource,
      kind: recognised,
      recognisedBy: kind.recognisedBy,
      label: labelOf(resource, recognised),
      scheduledDate: scheduledDateOf(resource),
      contrast: recognised === 'sis' ? 'unspecified' : contrastOf(resource, index),
      ...(kind.imagingCodeMissing ? { imagingCodeMissing: true as const } : {}),
    });
  }
  return orders;
}
