import type { CodeableConcept, ServiceRequest } from 'fhir/r4.js';
import { arrayOf, completeCodingsOf } from '../fhir/read-elements.js';
import type { ValueSetIndex } from '../knowledge/value-set-index.js';
import { OrderValueSets } from '../orders/order-value-sets.js';
import type { ContrastKind } from '../orders/recognised-order.js';
import { contrastTextsOf } from '../orders/recognise-orders.js';

/** What the order says about the contrast, as needed to bill its supply code. */
export interface ContrastDocumentation {
  /** The order text or display that names the agent (e.g. "Omnipaque 300"). */
  readonly agent: string | undefined;
  /** Iodine concentration in mg I/mL. */
  readonly concentration: number | undefined;
  readonly volumeMl: number | undefined;
}

const EXPLICIT_CONCENTRATION = /(?<!\d|\d[.,])(\d{2,3})\s*mg\s*(?:I\b|iodine)?\s*\/\s*ml\b/i;
/** The number after a brand name ("Omnipaque 300", "Isovue-370") is its mg I/mL. */
const BRAND_CONCENTRATION = /(?<!\d|\d[.,])(\d{3})(?!\d|[.,]\d|\s*(?:ml|cc)\b)/i;
const VOLUME = /(?<!\d|\d[.,]|\/\s*)(\d{1,3}(?:\.\d+)?)\s*(?:ml|cc)\b/i;
const ML_UNIT = /^(?:ml|cc)$/i;
const CONCENTRATION_UNIT = /^mg\s*(?:I)?\s*\/\s*ml$/i;

const AGENT_VALUE_SET: Partial<Record<ContrastKind, string>> = {
  'oil-based': OrderValueSets.oilBasedContrast,
  'water-soluble': OrderValueSets.waterSolubleContrast,
};

function agentOf(order: ServiceRequest, kind: ContrastKind, texts: string[], index: ValueSetIndex) {
  const url = AGENT_VALUE_SET[kind];
  if (!url) return undefined;
  const named = texts.find((t) => index.matchesText(url, t));
  if (named) return named;
  const coded = arrayOf<CodeableConcept>(order.orderDetail)
    .flatMap(completeCodingsOf)
    .find((c) => index.has(url, c));
  return coded?.display ?? coded?.code;
}

function firstNumber(pattern: RegExp, texts: readonly string[]): number | undefined {
  for (const text of texts) {
    const match = pattern.exec(text);
    if (match?.[1]) return Number(match[1]);
  }
  return undefined;
}

/** Reads agent, concentration and volume from orderDetail, code text, note and quantityQuantity. */
export function readContrastDocumentation(
  order: ServiceRequest,
  kind: ContrastKind,
  index: ValueSetIndex,
): ContrastDocumentation {
  const texts = contrastTextsOf(order);
  const agent = agentOf(order, kind, texts, index);
  const quantity = order.quantityQuantity;
  const unit = typeof quantity?.unit === 'string' ? quantity.unit : quantity?.code;
  const quantityValue = typeof quantity?.value === 'number' && unit ? quantity.value : undefined;
  const concentration =
    firstNumber(EXPLICIT_CONCENTRATION, texts) ??
    (agent ? firstNumber(BRAND_CONCENTRATION, [agent]) : undefined) ??
    (unit && CONCENTRATION_UNIT.test(unit) ? quantityValue : undefined);
  const volumeMl = firstNumber(VOLUME, texts) ?? (unit && ML_UNIT.test(unit) ? quantityValue : undefined);
  return { agent, concentration, volumeMl };
}
