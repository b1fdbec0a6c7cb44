import { randomUUID } from 'node:crypto';
import type { CdsAction, CdsCard, CdsResponse, CdsSuggestion } from '../protocol/cds-types.js';

/**
 * What an EHR can show of a card, per calling client (`cardProfile` in the trusted-clients file). The
 * findings are the same in every profile; only their rendering changes. Sources: ../shared/reference/
 * ehr-clients.md §1.7 (Epic, from Epic's CDS Hooks tutorial) and §2 (Oracle Health's beta CDS Hooks page).
 */
export type CardProfileName = 'standard' | 'epic' | 'oracle';

/** Card extension keeping the `source.topic.code` a profile had to rewrite. */
export const ORIGINAL_TOPIC_EXTENSION = 'org.hsg-cds.topic';

/** Epic: "alphanumeric only, max 100 chars", and static per topic (Epic remembers overrides by it). */
export const EPIC_TOPIC_CODE = /^[A-Za-z0-9]{1,100}$/;

interface CardProfile {
  /** The card as this client can show it (a new object; the input is not changed). */
  render(card: CdsCard): CdsCard;
  /** The profile's rules a rendered card breaks (empty = follows them). */
  check(card: CdsCard): string[];
}

/** Epic shows one action per suggestion: a multi-action suggestion becomes one suggestion per action. */
function splitSuggestion(suggestion: CdsSuggestion): CdsSuggestion[] {
  const actions = suggestion.actions ?? [];
  if (actions.length <= 1) return [suggestion];
  return actions.map((action, i) => ({
    ...suggestion,
    label: `${suggestion.label} (${i + 1} of ${actions.length}: ${action.description})`,
    // The first part keeps the uuid, so feedback on it still names the suggestion that was issued.
    uuid: i === 0 ? suggestion.uuid : randomUUID(),
    actions: [action],
  }));
}

/** The same action twice (e.g. "remove the draft" alone and as the first half of a replacement) once. */
function actionKey(action: CdsAction): string {
  return action.type === 'delete'
    ? `delete ${action.resourceId}`
    : `${action.type} ${JSON.stringify(action)}`;
}

function epicTopicCode(code: string): string {
  return code.replace(/[^A-Za-z0-9]/g, '').slice(0, 100);
}

const RAW_HTML = /<\/?[A-Za-z][^>]*>/;

const epic: CardProfile = {
  render(card) {
    const seen = new Set<string>();
    const suggestions = (card.suggestions ?? []).flatMap(splitSuggestion).filter((s) => {
      const key = s.actions?.[0] ? actionKey(s.actions[0]) : `label ${s.label}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const topic = card.source.topic;
    const code = topic ? epicTopicCode(topic.code) : undefined;
    const rewritten = topic !== undefined && code !== topic.code;
    const { suggestions: _s, selectionBehavior: _b, ...rest } = card;
    return {
      ...rest,
      source: { ...card.source, ...(topic && code ? { topic: { ...topic, code } } : {}) },
      ...(suggestions.length > 0 ? { suggestions, selectionBehavior: 'any' as const } : {}),
      ...(rewritten ? { extension: { ...card.extension, [ORIGINAL_TOPIC_EXTENSION]: topic.code } } : {}),
    };
  },
  check(card) {
    const problems: string[] = [];
    if (card.suggestions?.length && card.selectionBehavior !== 'any')
      problems.push(`selectionBehavior is ${card.selectionBehavior}, Epic supports only any`);
    card.suggestions?.forEach((s, i) => {
      if ((s.actions?.length ?? 0) > 1) problems.push(`suggestions[${i}] has ${s.actions?.length} actions`);
      if (!s.label) problems.push(`suggestions[${i}] has no label`);
    });
    const code = card.source.topic?.code;
    if (code !== undefined && !EPIC_TOPIC_CODE.test(code))
      problems.push(`source.topic.code ${JSON.stringify(code)} is not 1-100 alphanumeric characters`);
    if (card.detail !== undefined && RAW_HTML.test(card.detail))
      problems.push('detail holds raw HTML; Epic renders it as markdown');
    card.links?.forEach((l, i) => {
      if (!l.type || !l.label) problems.push(`links[${i}] needs type and label`);
    });
    return problems;
  },
};

const oracle: CardProfile = {
  render(card) {
    if (!card.links?.some((l) => l.appContext !== undefined)) return card;
    return { ...card, links: card.links.map(({ appContext: _a, ...link }) => link) };
  },
  check(card) {
    return (card.links ?? []).flatMap((l, i) =>
      l.appContext !== undefined ? [`links[${i}].appContext is not supported by Oracle Health`] : [],
    );
  },
};

const standard: CardProfile = { render: (card) => card, check: () => [] };

const PROFILES: Record<CardProfileName, CardProfile> = { standard, epic, oracle };

/** The response as the calling client's EHR can show it; `standard` returns it unchanged. */
export function applyCardProfile(response: CdsResponse, profile: CardProfileName = 'standard'): CdsResponse {
  if (profile === 'standard') return response;
  return { ...response, cards: response.cards.map((card) => PROFILES[profile].render(card)) };
}

/** The rules of the profile a card breaks, each prefixed with where (empty = follows them). */
export function checkCardProfile(card: CdsCard, profile: CardProfileName): string[] {
  return PROFILES[profile].check(card);
}
