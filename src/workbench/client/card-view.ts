import type { CdsCard, CdsCoding, CdsLink, CdsSuggestion, Indicator } from '../../protocol/cds-types.js';
import { h, type Child } from './dom.js';
import { isHttpUrl, type MarkdownRenderer } from './markdown.js';

export interface CardHandlers {
  readonly onAccept: (card: CdsCard, suggestion: CdsSuggestion) => void;
  readonly onDismiss: (card: CdsCard, override: { reason?: CdsCoding; comment?: string }) => void;
}

const RANK: Record<Indicator, number> = { critical: 0, warning: 1, info: 2 };
const LABEL: Record<Indicator, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

/** Most urgent first, as EHRs list them; the service's order is kept within one indicator. */
export function sortCards(cards: readonly CdsCard[]): CdsCard[] {
  return cards
    .map((card, index) => ({ card, index }))
    .sort((a, b) => RANK[a.card.indicator] - RANK[b.card.indicator] || a.index - b.index)
    .map(({ card }) => card);
}

function renderLink(link: CdsLink): Child {
  if (link.type !== 'absolute' || !isHttpUrl(link.url)) {
    return h(
      'li',
      { class: 'card__link card__link--inert', title: 'Not opened by the workbench' },
      link.label,
    );
  }
  const anchor = h('a', { href: link.url, target: '_blank', rel: 'noopener noreferrer' }, link.label);
  return h('li', { class: 'card__link' }, anchor);
}

function renderSuggestion(card: CdsCard, suggestion: CdsSuggestion, handlers: CardHandlers): Child {
  return h(
    'button',
    {
      type: 'button',
      class: suggestion.isRecommended ? 'suggestion suggestion--recommended' : 'suggestion',
      'data-suggestion': suggestion.uuid,
      onclick: () => handlers.onAccept(card, suggestion),
    },
    suggestion.label,
    suggestion.isRecommended ? h('span', { class: 'suggestion__badge' }, 'Recommended') : null,
  );
}

/** The Dismiss button, which opens a small form with the card's override reasons. */
function renderDismiss(card: CdsCard, handlers: CardHandlers): Child {
  const reasons = card.overrideReasons ?? [];
  const select = h(
    'select',
    { class: 'dismiss__reason', 'aria-label': 'Override reason' },
    h('option', { value: '' }, reasons.length > 0 ? 'Choose a reason…' : 'No reason offered'),
    ...reasons.map((reason, i) => h('option', { value: String(i) }, reason.display ?? reason.code)),
  );
  const comment = h('input', {
    class: 'dismiss__comment',
    type: 'text',
    placeholder: 'Comment (optional)',
    maxlength: 500,
  });
  const confirm = h('button', { type: 'button', class: 'dismiss__confirm' }, 'Dismiss card');
  const form = h('div', { class: 'dismiss', hidden: true }, select, comment, confirm);
  confirm.addEventListener('click', () => {
    const reason = select.value === '' ? undefined : reasons[Number(select.value)];
    handlers.onDismiss(card, { reason, comment: comment.value });
  });
  const toggle = h('button', { type: 'button', class: 'card__dismiss', 'aria-expanded': 'false' }, 'Dismiss');
  toggle.addEventListener('click', () => {
    form.hidden = !form.hidden;
    toggle.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) select.focus();
  });
  return h('div', { class: 'card__dismiss-area' }, toggle, form);
}

function renderSource(card: CdsCard): Child {
  const topic = card.source.topic?.display ?? card.source.topic?.code;
  return h(
    'footer',
    { class: 'card__source' },
    `Source: ${card.source.label}`,
    topic ? h('span', { class: 'card__topic' }, topic) : null,
  );
}

export function renderCard(
  card: CdsCard,
  renderMarkdown: MarkdownRenderer,
  handlers: CardHandlers,
): HTMLElement {
  const suggestions = card.suggestions ?? [];
  const links = card.links ?? [];
  const detail = card.detail
    ? h(
        'details',
        { class: 'card__detail', open: card.indicator !== 'info' },
        h('summary', {}, 'Details'),
        h('div', { class: 'markdown' }, renderMarkdown(card.detail)),
      )
    : null;
  return h(
    'article',
    {
      class: `card card--${card.indicator}`,
      'data-indicator': card.indicator,
      'data-topic': card.source.topic?.code ?? '',
      'data-card': card.uuid,
    },
    h(
      'header',
      { class: 'card__header' },
      h('span', { class: 'card__badge' }, LABEL[card.indicator]),
      h('h3', { class: 'card__summary' }, card.summary),
    ),
    detail,
    suggestions.length > 0
      ? h(
          'div',
          { class: 'card__suggestions' },
          ...suggestions.map((s) => renderSuggestion(card, s, handlers)),
        )
      : null,
    links.length > 0 ? h('ul', { class: 'card__links' }, ...links.map(renderLink)) : null,
    h('div', { class: 'card__footer' }, renderSource(card), card.uuid ? renderDismiss(card, handlers) : null),
  );
}
