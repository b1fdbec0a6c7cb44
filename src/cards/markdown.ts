const NEEDS_ESCAPING = /[\r\n&<>\\`*_{}[\]()#+!|~]/;

/**
 * Text from patient records and orders goes into card markdown: escape it so it renders literally
 * and can never become HTML or a link (CDS Hooks `detail` is GitHub-flavoured markdown).
 */
export function escapeMarkdown(text: string): string {
  // Most texts (code displays, knowledge notes) have nothing to escape: one test instead of five passes.
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}
