import type { CodeableConcept, Coding, ConceptMap, Location } from 'fhir/r4.js';
import { arrayOf, completeCodingsOf } from '../fhir/read-elements.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { RecognisedOrder } from '../orders/recognised-order.js';
import type { RuleSettings } from '../rules/types.js';
import { BillingKnowledge, BillingSystems } from './billing-knowledge.js';
import { requireConceptMap, sourceDisplay, translateCode } from './concept-map.js';

export type BillingSetting = RuleSettings['billingSetting'];

export interface SettingDecision {
  readonly setting: BillingSetting;
  /** Plain text (not yet escaped): what decided the setting, or why the configuration was used. */
  readonly reason: string;
}

const SETTINGS: readonly BillingSetting[] = ['office', 'facility'];

interface Candidate {
  /** Where the setting is read, in the order of precedence. */
  readonly source: 'locationCode' | 'locationReference' | 'performerType';
  readonly label: string;
  readonly concepts: readonly CodeableConcept[];
}

function describe(coding: Coding, map: ConceptMap): string {
  const display = coding.display ?? sourceDisplay(map, coding.system ?? '', coding.code ?? '');
  return display ? `${coding.code} (${display})` : (coding.code ?? '');
}

/** Only a Location contained in the order can be read: the service does not fetch Locations. */
function containedLocationTypes(order: RecognisedOrder, notes: string[]): Candidate[] {
  return arrayOf<{ reference?: unknown }>(order.resource.locationReference).flatMap((ref) => {
    const reference = typeof ref?.reference === 'string' ? ref.reference : undefined;
    if (!reference) return [];
    const location = reference.startsWith('#')
      ? arrayOf<Location>(order.resource.contained).find(
          (r) => r?.resourceType === 'Location' && `#${r.id ?? ''}` === reference,
        )
      : undefined;
    if (!location) {
      notes.push(
        `locationReference ${reference} was not read (only a Location contained in the order can be)`,
      );
      return [];
    }
    return [
      {
        source: 'locationReference',
        label: `the type of Location ${reference}`,
        concepts: arrayOf(location.type),
      },
    ];
  });
}

function candidatesOf(order: RecognisedOrder, notes: string[]): Candidate[] {
  const performerType = order.resource.performerType;
  return [
    {
      source: 'locationCode',
      label: "the order's locationCode",
      concepts: arrayOf(order.resource.locationCode),
    },
    ...containedLocationTypes(order, notes),
    {
      source: 'performerType',
      label: "the order's performerType",
      concepts: performerType ? [performerType] : [],
    },
  ];
}

/**
 * The billing setting of the order: the first location code (CMS place of service or HL7 v3
 * ServiceDeliveryLocationRoleType) that the place-of-service ConceptMap maps, looked for in
 * locationCode, a contained Location's type, then performerType; otherwise the configured setting.
 */
export function determineBillingSetting(
  order: RecognisedOrder,
  configured: BillingSetting,
  knowledge: Knowledge,
): SettingDecision {
  const map = requireConceptMap(knowledge, BillingKnowledge.placeOfService);
  const notes: string[] = [];
  for (const candidate of candidatesOf(order, notes)) {
    for (const coding of candidate.concepts.flatMap((c) => completeCodingsOf(c))) {
      const mapped = translateCode(map, coding.system ?? '', coding.code ?? '').find(
        ({ system, target }) =>
          system === BillingSystems.setting && SETTINGS.includes(target.code as BillingSetting),
      );
      if (mapped) {
        return {
          setting: mapped.target.code as BillingSetting,
          reason: `from ${candidate.label}: ${describe(coding, map)}`,
        };
      }
      notes.push(`${candidate.source} ${describe(coding, map)} does not decide the setting`);
    }
  }
  const unread = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  return {
    setting: configured,
    reason: `from the configured BILLING_SETTING (${configured}): the order names no place of service that decides it${unread}`,
  };
}
