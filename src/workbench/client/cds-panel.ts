import type { CdsCard, HookName } from '../../protocol/cds-types.js';
import { renderCard, sortCards, type CardHandlers } from './card-view.js';
import { h, replaceChildren } from './dom.js';
import type { MarkdownRenderer } from './markdown.js';

export interface CdsPanel {
  showLoading(hook: HookName): void;
  showCards(hook: HookName, cards: readonly CdsCard[], elapsedMs: number, handlers: CardHandlers): void;
  showError(hook: HookName, message: string): void;
  clear(message: string): void;
  removeCard(uuid: string): void;
}

const NO_CARDS: Readonly<Record<HookName, string>> = {
  'order-select': 'No cards for this order.',
  'order-sign': 'No cards: the orders would be signed.',
  'patient-view': 'No cards: no pending HSG order in this chart needs attention.',
};

/**
 * The CDS panel. Its `data-state` (idle, loading, ready, error) and `data-hook` say what it shows, so
 * people and tests can tell a fresh answer from the previous one.
 */
export function createCdsPanel(
  status: HTMLElement,
  list: HTMLElement,
  renderMarkdown: MarkdownRenderer,
): CdsPanel {
  const setState = (state: string, hook?: HookName) => {
    list.dataset.state = state;
    if (hook) list.dataset.hook = hook;
    else delete list.dataset.hook;
  };
  const countText = () => {
    const remaining = list.querySelectorAll('article.card').length;
    return remaining === 1 ? '1 card' : `${remaining} cards`;
  };
  return {
    showLoading(hook) {
      setState('loading', hook);
      status.textContent = `Calling ${hook}…`;
      list.setAttribute('aria-busy', 'true');
    },
    showCards(hook, cards, elapsedMs, handlers) {
      setState('ready', hook);
      list.removeAttribute('aria-busy');
      replaceChildren(list, ...sortCards(cards).map((card) => renderCard(card, renderMarkdown, handlers)));
      status.textContent = `${hook}: ${countText()} in ${Math.round(elapsedMs)} ms`;
      if (cards.length === 0) {
        const none = NO_CARDS[hook];
        list.append(h('p', { class: 'cards__none' }, none));
      }
    },
    showError(hook, message) {
      setState('error', hook);
      list.removeAttribute('aria-busy');
      status.textContent = `${hook} failed`;
      replaceChildren(list, h('p', { class: 'cards__error', role: 'alert' }, message));
    },
    clear(message) {
      setState('idle');
      status.textContent = '';
      replaceChildren(list, h('p', { class: 'cards__none' }, message));
    },
    removeCard(uuid) {
      Array.from(list.querySelectorAll<HTMLElement>('article.card'))
        .find((el) => el.dataset.card === uuid)
        ?.remove();
      const hook = list.dataset.hook;
      if (hook) status.textContent = `${hook}: ${countText()}`;
    },
  };
}
