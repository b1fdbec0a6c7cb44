import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

/** Renders card markdown into a sanitised fragment. */
export type MarkdownRenderer = (markdown: string) => DocumentFragment;

const HTTP_URL = /^https?:\/\//i;

export function isHttpUrl(url: string): boolean {
  return HTTP_URL.test(url);
}

/**
 * Card `detail` is markdown from the service: raw HTML is not rendered (markdown-it `html: false`), and
 * the output is sanitised again by DOMPurify. Links keep only absolute http(s) targets and open in a new
 * tab without an opener; images are dropped (the page's CSP would block remote ones anyway).
 */
export function createMarkdownRenderer(window: Window & typeof globalThis): MarkdownRenderer {
  const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href') ?? '';
    if (!isHttpUrl(href)) {
      node.removeAttribute('href');
      return;
    }
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  });
  return (source) =>
    purify.sanitize(markdown.render(source), {
      RETURN_DOM_FRAGMENT: true,
      FORBID_TAGS: ['img', 'style', 'form', 'input'],
      FORBID_ATTR: ['style'],
      ALLOWED_URI_REGEXP: HTTP_URL,
    });
}
