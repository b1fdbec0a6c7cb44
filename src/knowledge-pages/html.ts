/** Minimal, dependency-free HTML building for the /knowledge pages and the review packet. */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A text node. */
export const t = (text: string | number | undefined): string => escapeHtml(String(text ?? ''));

/** An anchor; only http(s) and relative URLs are linked, anything else is shown as text. */
export function link(href: string, text: string): string {
  if (!/^(https?:\/\/|\/|#|[\w.-]+(\/|$))/i.test(href) || /^javascript:/i.test(href)) return t(text);
  return `<a href="${escapeHtml(href)}">${t(text)}</a>`;
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '<p class="empty">None.</p>';
  const head = headers.map((h) => `<th>${t(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function list(items: readonly string[]): string {
  return items.length === 0
    ? '<p class="empty">None.</p>'
    : `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
}

/** Print-friendly, no web fonts, no images: the pages work offline and print to PDF. */
export const KNOWLEDGE_CSS = `
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; margin: 0 auto; max-width: 70rem; padding: 1rem 1.5rem 3rem; }
header.site { border-bottom: 2px solid #2c5d8f; margin-bottom: 1rem; padding-bottom: .5rem; }
header.site a { color: #2c5d8f; text-decoration: none; font-weight: 600; }
h1 { font-size: 1.6rem; margin: .6rem 0; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; } h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: .6rem; font-size: .8rem; background: #eef2f6; border: 1px solid #c9d3dd; }
.badge.draft, .badge.unverified, .badge.inactive { background: #fff4d6; border-color: #e3c15f; }
.badge.reviewed, .badge.verified { background: #e3f5e6; border-color: #79c189; }
.badge.header { background: #f1e8ff; border-color: #b99be6; }
.warning { background: #fff4d6; border: 1px solid #e3c15f; padding: .5rem .8rem; border-radius: .3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
code { font-size: .9em; background: #f3f5f7; padding: 0 .2rem; border-radius: .2rem; }
.empty { color: #57606a; font-style: italic; }
.muted { color: #57606a; }
section.card { border: 1px solid #d0d7de; border-left: 4px solid #2c5d8f; padding: .3rem .8rem; margin: .6rem 0; border-radius: .2rem; }
section.card.critical { border-left-color: #c62828; } section.card.warning { border-left-color: #e0a100; }
@media print { body { max-width: none; font-size: 11pt; } a { color: inherit; } h2 { break-after: avoid; } section.card, tr { break-inside: avoid; } }
`;

export interface PageOptions {
  readonly title: string;
  readonly body: string;
  /** Link the stylesheet (served pages, strict CSP) or inline it (the self-contained review packet). */
  readonly style: { readonly href: string } | 'inline';
  readonly header?: string;
}

export function page(options: PageOptions): string {
  const style =
    options.style === 'inline'
      ? `<style>${KNOWLEDGE_CSS}</style>`
      : // An empty icon: browsers would otherwise ask the service for /favicon.ico.
        `<link rel="stylesheet" href="${escapeHtml(options.style.href)}">\n<link rel="icon" href="data:,">`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(options.title)}</title>
${style}
</head>
<body>
${options.header ?? ''}
<main>
${options.body}
</main>
</body>
</html>
`;
}
