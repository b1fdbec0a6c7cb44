import { randomUUID } from 'node:crypto';
import type {
  CdsAction,
  CdsCard,
  CdsCoding,
  CdsLink,
  CdsSource,
  CdsSuggestion,
  Indicator,
} from '../protocol/cds-types.js';

/** The inputs of one card; the builder adds uuids and enforces the CDS Hooks 2.0 invariants. */
export interface CardSpec {
  readonly summary: string;
  readonly indicator: Indicator;
  readonly detail?: string;
  readonly source: CdsSource;
  readonly suggestions?: readonly SuggestionSpec[];
  readonly selectionBehavior?: 'at-most-one' | 'any';
  readonly overrideReasons?: readonly CdsCoding[];
  readonly links?: readonly CdsLink[];
  readonly extension?: Readonly<Record<string, unknown>>;
}

export interface SuggestionSpec {
  readonly label: string;
  readonly isRecommended?: boolean;
  readonly actions: readonly CdsAction[];
}

export const MAX_SUMMARY_LENGTH = 139;

/** Spec: "<140-character summary". Longer text is cut at a word boundary with an ellipsis. */
export function fitSummary(summary: string): string {
  const clean = summary.replace(/\s+/g, ' ').trim();
  if (clean.length <= MAX_SUMMARY_LENGTH) return clean;
  const cut = clean.slice(0, MAX_SUMMARY_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 80 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

function buildSuggestion(spec: SuggestionSpec): CdsSuggestion {
  const actions = spec.actions.map((action) => {
    if (!nonEmpty(action.description)) throw new Error('Every action needs a description');
    if (action.type === 'delete' && (!action.resourceId || action.resource)) {
      throw new Error('A delete action names its target with resourceId only');
    }
    if (action.type !== 'delete' && !action.resource)
      throw new Error(`A ${action.type} action needs a resource`);
    return action;
  });
  return {
    label: spec.label,
    uuid: randomUUID(),
    ...(spec.isRecommended !== undefined ? { isRecommended: spec.isRecommended } : {}),
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/**
 * The only way cards are made: a uuid on the card and every suggestion, a summary under 140
 * characters, `selectionBehavior` whenever there are suggestions, and no empty members.
 */
export function buildCard(spec: CardSpec): CdsCard {
  const suggestions = (spec.suggestions ?? []).map(buildSuggestion);
  const links = (spec.links ?? []).map((link) => {
    if (link.type === 'absolute' && link.appContext !== undefined)
      throw new Error('appContext is only for smart links');
    return link;
  });
  const overrideReasons = (spec.overrideReasons ?? []).filter((r) => nonEmpty(r.display));
  const detail = nonEmpty(spec.detail);
  const extension = spec.extension && Object.keys(spec.extension).length > 0 ? spec.extension : undefined;
  return {
    uuid: randomUUID(),
    summary: fitSummary(spec.summary),
    indicator: spec.indicator,
    ...(detail ? { detail } : {}),
    source: spec.source,
    ...(suggestions.length > 0
      ? { suggestions, selectionBehavior: spec.selectionBehavior ?? 'at-most-one' }
      : {}),
    ...(overrideReasons.length > 0 ? { overrideReasons } : {}),
    ...(links.length > 0 ? { links } : {}),
    ...(extension ? { extension } : {}),
  };
}
