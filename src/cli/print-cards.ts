import type { CdsAction, CdsCard, CdsResponse, Indicator } from '../protocol/cds-types.js';
import type { Painter } from './cli-io.js';

const INDENT = '  ';

function indent(text: string, depth: number): string {
  const pad = INDENT.repeat(depth);
  return text
    .split('\n')
    .map((line) => (line.trim() ? pad + line : ''))
    .join('\n');
}

function paintIndicator(indicator: Indicator | string, paint: Painter): string {
  const label = `[${indicator.toUpperCase()}]`;
  if (indicator === 'critical') return paint.bold(paint.red(label));
  if (indicator === 'warning') return paint.bold(paint.yellow(label));
  return paint.bold(paint.cyan(label));
}

/** Card text is CommonMark; on a terminal the backslash escapes are noise. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

function formatAction(action: CdsAction): string {
  const resource = action.resource;
  const target =
    action.resourceId ?? (resource ? `${resource.resourceType}${resource.id ? `/${resource.id}` : ''}` : '');
  return `- ${action.type}${target ? ` ${target}` : ''}: ${action.description}`;
}

function formatCard(card: CdsCard, paint: Painter): string {
  const lines = [`${paintIndicator(card.indicator, paint)} ${paint.bold(card.summary)}`];
  const topic = card.source.topic;
  const about = [
    topic ? `topic: ${topic.code}${topic.display ? ` (${topic.display})` : ''}` : undefined,
    `source: ${card.source.label}`,
  ].filter(Boolean);
  lines.push(indent(paint.dim(about.join(' · ')), 1));
  if (card.detail) lines.push('', indent(unescapeMarkdown(card.detail), 1));
  if (card.suggestions) {
    const behaviour = card.selectionBehavior ? ` (${card.selectionBehavior})` : '';
    lines.push('', indent(`${paint.bold('Suggestions')}${behaviour}:`, 1));
    for (const suggestion of card.suggestions) {
      const recommended = suggestion.isRecommended ? ` ${paint.green('[recommended]')}` : '';
      lines.push(indent(`* ${suggestion.label}${recommended}`, 2));
      for (const action of suggestion.actions ?? []) lines.push(indent(formatAction(action), 3));
    }
  }
  if (card.links) {
    lines.push('', indent(`${paint.bold('Links')}:`, 1));
    for (const link of card.links) {
      const smart = link.type === 'smart' ? ' (SMART app)' : '';
      lines.push(indent(`* ${link.label}: ${link.url}${smart}`, 2));
    }
  }
  if (card.overrideReasons) {
    const reasons = card.overrideReasons.map((r) => r.display ?? r.code).join('; ');
    lines.push('', indent(`${paint.bold('Override reasons')}: ${reasons}`, 1));
  }
  return lines.join('\n');
}

function tally(cards: readonly CdsCard[]): string {
  if (cards.length === 0) return 'No cards.';
  const counts = (['critical', 'warning', 'info'] as const)
    .map((indicator) => [indicator, cards.filter((c) => c.indicator === indicator).length] as const)
    .filter(([, n]) => n > 0)
    .map(([indicator, n]) => `${n} ${indicator}`);
  return `${cards.length} card${cards.length === 1 ? '' : 's'}: ${counts.join(', ')}`;
}

/** The cards as a clinician would scan them: indicator, summary, then detail, suggestions and links. */
export function formatCards(response: CdsResponse, paint: Painter): string {
  const blocks = response.cards.map((card) => formatCard(card, paint));
  if (response.systemActions) {
    blocks.push(
      [paint.bold('System actions:'), ...response.systemActions.map((a) => indent(formatAction(a), 1))].join(
        '\n',
      ),
    );
  }
  blocks.push(paint.bold(tally(response.cards)));
  return blocks.join('\n\n');
}
