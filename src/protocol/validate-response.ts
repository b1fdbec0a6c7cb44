import type { Bundle } from 'fhir/r4.js';
import type { CdsResponse } from './cds-types.js';
import { compileSchema, describeError } from './schemas.js';

const validateResponseSchema = compileSchema<CdsResponse>('cds-response.schema.json');

export interface ResponseCheckOptions {
  /** The request's draftOrders: update and delete actions must name one of its entries. */
  readonly draftOrders?: Bundle;
  /** When given, every card's source.topic must use this system. */
  readonly topicSystem?: string;
}

/** Spec G-02: no member is null, "", [] or {} (except the top-level `cards: []`). */
function findEmptyValues(value: unknown, path: string, problems: string[]): void {
  if (value === null) problems.push(`${path} is null`);
  else if (value === '') problems.push(`${path} is an empty string`);
  else if (Array.isArray(value)) {
    if (value.length === 0 && path !== 'cards') problems.push(`${path} is an empty array`);
    value.forEach((v, i) => findEmptyValues(v, `${path}[${i}]`, problems));
  } else if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) problems.push(`${path} is an empty object`);
    for (const [k, v] of entries) findEmptyValues(v, path ? `${path}.${k}` : k, problems);
  }
}

function draftReferences(draftOrders: Bundle | undefined): Set<string> {
  const refs = new Set<string>();
  for (const entry of draftOrders?.entry ?? []) {
    if (entry.resource?.id) refs.add(`${entry.resource.resourceType}/${entry.resource.id}`);
  }
  return refs;
}

/**
 * Checks a response against the CDS Hooks 2.0 rules hsg-cds promises to keep: the JSON Schema in
 * cds-hooks/ plus the invariants a schema cannot express. Returns the problems found (empty = valid).
 */
export function checkCdsResponse(response: unknown, options: ResponseCheckOptions = {}): string[] {
  if (!validateResponseSchema(response)) {
    return (validateResponseSchema.errors ?? []).map(describeError);
  }
  const problems: string[] = [];
  findEmptyValues(response, '', problems);
  const uuids = new Set<string>();
  const drafts = draftReferences(options.draftOrders);
  const noteUuid = (uuid: string, where: string) => {
    if (uuids.has(uuid)) problems.push(`${where}.uuid ${uuid} is not unique`);
    uuids.add(uuid);
  };
  response.cards.forEach((card, c) => {
    const where = `cards[${c}]`;
    noteUuid(card.uuid, where);
    if (options.topicSystem && card.source.topic?.system !== options.topicSystem) {
      problems.push(`${where}.source.topic.system is not ${options.topicSystem}`);
    }
    const recommended = (card.suggestions ?? []).filter((s) => s.isRecommended).length;
    if (card.selectionBehavior === 'at-most-one' && recommended > 1) {
      problems.push(`${where} recommends ${recommended} suggestions with selectionBehavior at-most-one`);
    }
    card.suggestions?.forEach((suggestion, s) => {
      noteUuid(suggestion.uuid, `${where}.suggestions[${s}]`);
      suggestion.actions?.forEach((action, a) => {
        const at = `${where}.suggestions[${s}].actions[${a}]`;
        const target =
          action.type === 'delete'
            ? action.resourceId
            : action.type === 'update' && action.resource?.id
              ? `${action.resource.resourceType}/${action.resource.id}`
              : undefined;
        if (options.draftOrders && target && !drafts.has(target)) {
          problems.push(`${at} targets ${target}, which is not in draftOrders`);
        }
        if (action.type === 'update' && !action.resource?.id)
          problems.push(`${at} updates a resource without id`);
      });
    });
  });
  return problems;
}
