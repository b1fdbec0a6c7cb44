import { h, replaceChildren } from './dom.js';
import type { Exchange } from './service-client.js';

const KEEP = 20;

export interface ExchangeView {
  add(exchange: Exchange): void;
}

function statusText(exchange: Exchange): string {
  return exchange.status === undefined
    ? `failed: ${exchange.error ?? 'no response'}`
    : `HTTP ${exchange.status}`;
}

function json(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function renderDetail(exchange: Exchange): HTMLElement {
  const path = new URL(exchange.url).pathname;
  return h(
    'div',
    { class: 'exchange' },
    h(
      'p',
      { class: 'exchange__line' },
      h('strong', {}, `${exchange.method} ${path}`),
      ` → ${statusText(exchange)} in `,
      h('span', { class: 'exchange__ms' }, `${Math.round(exchange.elapsedMs)} ms`),
      ` (${exchange.at})`,
    ),
    exchange.authorization
      ? h('p', { class: 'exchange__auth' }, `Authorization: ${exchange.authorization}`)
      : null,
    h(
      'div',
      { class: 'exchange__bodies' },
      h(
        'div',
        {},
        h('h3', {}, 'Request'),
        h(
          'pre',
          { class: 'exchange__request' },
          exchange.requestBody === undefined ? '(no body)' : json(exchange.requestBody),
        ),
      ),
      h(
        'div',
        {},
        h('h3', {}, 'Response'),
        h(
          'pre',
          { class: 'exchange__response' },
          exchange.responseBody === undefined ? '(none)' : json(exchange.responseBody),
        ),
      ),
    ),
  );
}

/** The exact requests and responses, newest first, for integration engineers; the latest is expanded. */
export function createExchangeView(container: HTMLElement): ExchangeView {
  const exchanges: Exchange[] = [];
  let selected = 0;
  const render = () => {
    const current = exchanges[selected];
    const list = h(
      'ol',
      { class: 'exchanges__list' },
      ...exchanges.map((exchange, i) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: i === selected ? 'exchanges__item exchanges__item--selected' : 'exchanges__item',
              onclick: () => {
                selected = i;
                render();
              },
            },
            `${exchange.label} · ${statusText(exchange)} · ${Math.round(exchange.elapsedMs)} ms`,
          ),
        ),
      ),
    );
    replaceChildren(
      container,
      exchanges.length > 0 ? list : h('p', {}, 'No calls yet.'),
      current ? renderDetail(current) : null,
    );
  };
  render();
  return {
    add(exchange) {
      exchanges.unshift(exchange);
      exchanges.splice(KEEP);
      selected = 0;
      render();
    },
  };
}
