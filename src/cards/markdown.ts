/**
 * Text from patient records and orders goes into card markdown: escape it so it renders literally
 * and can never become HTML or a link (CDS Hooks `detail` is GitHub-flavoured markdown).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}
