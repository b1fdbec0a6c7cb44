import type { Bundle, FhirResource } from 'fhir/r4.js';
import type {
  CdsAction,
  CdsCard,
  CdsCoding,
  CdsLink,
  CdsServiceDescriptor,
  CdsSuggestion,
} from '../../protocol/cds-types.js';

/** Narrowing of the JSON the page receives from the service and from FHIR servers. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf<T>(value: unknown, guard: (item: unknown) => item is T): T[] {
  return Array.isArray(value) ? value.filter(guard) : [];
}

const isString = (value: unknown): value is string => typeof value === 'string';

export function isFhirResource(value: unknown): value is FhirResource {
  return isRecord(value) && typeof value.resourceType === 'string';
}

export function isBundle(value: unknown): value is Bundle {
  return isFhirResource(value) && value.resourceType === 'Bundle';
}

/** The resources of a Bundle's entries (malformed entries skipped). */
function isService(value: unknown): value is CdsServiceDescriptor {
  return (
    isRecord(value) &&
    isString(value.id) &&
    (value.hook === 'order-select' || value.hook === 'order-sign' || value.hook === 'patient-view') &&
    (value.prefetch === undefined ||
      (isRecord(value.prefetch) && Object.values(value.prefetch).every(isString)))
  );
}

/** The order-select, order-sign and patient-view services of a discovery response. */
export function readDiscovery(body: unknown): CdsServiceDescriptor[] {
  return isRecord(body) ? arrayOf(body.services, isService) : [];
}

function isCoding(value: unknown): value is CdsCoding {
  return isRecord(value) && isString(value.code) && (value.display === undefined || isString(value.display));
}

function isAction(value: unknown): value is CdsAction {
  return (
    isRecord(value) &&
    (value.type === 'create' || value.type === 'update' || value.type === 'delete') &&
    (value.resource === undefined || isFhirResource(value.resource)) &&
    (value.resourceId === undefined || isString(value.resourceId))
  );
}

function readSuggestion(value: unknown): CdsSuggestion[] {
  if (!isRecord(value) || !isString(value.label) || !isString(value.uuid)) return [];
  const actions = arrayOf(value.actions, isAction);
  return [{ label: value.label, uuid: value.uuid, isRecommended: value.isRecommended === true, actions }];
}

function isLink(value: unknown): value is CdsLink {
  return isRecord(value) && isString(value.label) && isString(value.url) && isString(value.type);
}

function readCard(value: unknown): CdsCard[] {
  if (!isRecord(value) || !isString(value.summary) || !isRecord(value.source)) return [];
  const { indicator, source } = value;
  if (indicator !== 'info' && indicator !== 'warning' && indicator !== 'critical') return [];
  if (!isString(source.label)) return [];
  return [
    {
      uuid: isString(value.uuid) ? value.uuid : '',
      summary: value.summary,
      indicator,
      detail: isString(value.detail) ? value.detail : undefined,
      source: {
        label: source.label,
        url: isString(source.url) ? source.url : undefined,
        topic: isCoding(source.topic) ? source.topic : undefined,
      },
      suggestions: (Array.isArray(value.suggestions) ? value.suggestions : []).flatMap(readSuggestion),
      overrideReasons: arrayOf(value.overrideReasons, isCoding),
      links: arrayOf(value.links, isLink),
    },
  ];
}

/** The cards of a hook response; cards too malformed to show are left out. */
export function readCards(body: unknown): CdsCard[] {
  return isRecord(body) && Array.isArray(body.cards) ? body.cards.flatMap(readCard) : [];
}
