import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConceptMap } from 'fhir/r4.js';
import MarkdownIt from 'markdown-it';
import type { Config } from '../config/config.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { CdsCard } from '../protocol/cds-types.js';
import { exampleCards, type ExamplePatientCards } from './example-cards.js';
import { link, list, page, t } from './html.js';
import {
  conceptMapArticle,
  findingArticle,
  findingKinds,
  releaseNotes,
  releaseSummary,
  thresholdsTable,
  valueSetArticle,
  type ContentContext,
} from './knowledge-content.js';

export interface ReportOptions {
  readonly knowledge: Knowledge;
  readonly config: Config;
  /** fhir-profiles/examples/patients */
  readonly examplesDir: string;
  /** src/rules/rule-constants.ts, when the sources are at hand: its comment says where each threshold comes from. */
  readonly ruleConstantsFile?: string;
  readonly now?: Date;
}

const markdown = new MarkdownIt({ html: false, linkify: false });

/** The sources block of rule-constants.ts (the comment above RULE_THRESHOLDS), read as it is now. */
export function thresholdSources(file: string | undefined): string | undefined {
  if (!file || !existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const match = /\/\*\*([\s\S]*?)\*\/\s*export const RULE_THRESHOLDS/.exec(text);
  return match?.[1]
    ?.split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

/** In the packet, a card's link to its topic page points at that topic's section instead. */
function cardHtml(card: CdsCard, publicBaseUrl: string): string {
  const pages = `${publicBaseUrl.replace(/\/+$/, '')}/knowledge/findings/`;
  const detail = card.detail?.split(`](${pages}`).join('](#finding-');
  const links = (card.links ?? []).map((l) => link(l.url, l.label));
  const suggestions = (card.suggestions ?? []).map((s) => t(s.label));
  return [
    `<section class="card ${t(card.indicator)}">`,
    `<p><span class="badge">${t(card.indicator)}</span> <strong>${t(card.summary)}</strong> <code>${t(card.source.topic?.code)}</code></p>`,
    detail ? markdown.render(detail) : '',
    suggestions.length > 0 ? `<p><strong>Suggestions:</strong> ${suggestions.join('; ')}</p>` : '',
    links.length > 0 ? `<p><strong>Links:</strong> ${links.join('; ')}</p>` : '',
    '</section>',
  ].join('\n');
}

function examplesSection(examples: readonly ExamplePatientCards[], publicBaseUrl: string): string {
  return examples
    .map((e) =>
      [
        `<h3 id="example-${t(e.id)}">${t(e.id)}</h3>`,
        `<p>${t(e.scenario.replace(/`/g, ''))}</p>`,
        e.cards.length > 0
          ? e.cards.map((card) => cardHtml(card, publicBaseUrl)).join('\n')
          : '<p class="empty">No cards.</p>',
      ].join('\n'),
    )
    .join('\n');
}

/**
 * The review packet: one self-contained HTML page (inline style, no script, no external resource,
 * printable to PDF) with every rule in words and thresholds, every value set with every code, every
 * ConceptMap row, the example patients with the cards they produce, and the open questions. Built from
 * the knowledge and the rule constants as they are when it runs.
 */
export async function buildKnowledgeReport(options: ReportOptions): Promise<string> {
  const { knowledge } = options;
  const ctx: ContentContext = {
    knowledge,
    links: {
      finding: (kind) => `#finding-${kind}`,
      valueSet: (name) => `#vs-${name}`,
      release: () => '#release',
    },
    settings: {
      cycleDayWindow: options.config.cycleDayWindow,
      billingSetting: options.config.billingSetting,
    },
  };
  const examples = await exampleCards(options.examplesDir, knowledge, options.config);
  const valueSets = [...knowledge.valueSets.urls].sort().flatMap((url) => {
    const vs = knowledge.valueSets.get(url);
    return vs ? [vs] : [];
  });
  const conceptMaps = [...knowledge.conceptMaps.values()].sort((a, b) =>
    (a.url ?? '').localeCompare(b.url ?? ''),
  ) as ConceptMap[];
  const sources = thresholdSources(options.ruleConstantsFile);
  const kinds = findingKinds(knowledge);
  const generated = (options.now ?? new Date()).toISOString();
  const contents = list([
    link('#release', 'Release and review record'),
    link('#rules', `Rules (${kinds.length} finding kinds) and thresholds`),
    link('#examples', `Example patients and their cards (${examples.length})`),
    link('#value-sets', `Value sets (${valueSets.length})`),
    link('#concept-maps', `ConceptMaps (${conceptMaps.length})`),
    link('#open-questions-end', 'Open questions'),
  ]);
  const body = [
    `<h1>HSG CDS knowledge ${t(knowledge.release.version)}: review packet</h1>`,
    `<p class="muted">Generated ${t(generated)} by <code>npm run knowledge:report</code>. For the clinician and the coder who review the release; record the review in <code>fhir-profiles/release/review.json</code>.</p>`,
    contents,
    releaseSummary(ctx),
    '<h3>Release notes</h3>',
    releaseNotes(ctx),
    '<h2 id="rules">Rules</h2>',
    '<h3 id="thresholds">All thresholds</h3>',
    thresholdsTable(ctx),
    sources ? `<h3>Where the thresholds come from</h3><pre>${t(sources)}</pre>` : '',
    ...kinds.map((k) => findingArticle(ctx, k.code, 'h2')),
    '<h2 id="examples">Example patients and the cards they produce</h2>',
    '<p>Each synthetic patient from <code>fhir-profiles/examples/patients/</code>, sent as an order-sign call with its full record in the prefetch, at the clock its README states.</p>',
    examplesSection(examples, options.config.publicBaseUrl),
    '<h2 id="value-sets">Value sets</h2>',
    ...valueSets.map((vs) => valueSetArticle(ctx, vs, 'h2')),
    '<h2 id="concept-maps">ConceptMaps</h2>',
    ...conceptMaps.map(conceptMapArticle),
    '<h2 id="open-questions-end">Open questions</h2>',
    list(knowledge.release.openQuestions.map((q) => t(q))),
  ].join('\n');
  return page({
    title: `HSG CDS knowledge ${knowledge.release.version} review packet`,
    body,
    style: 'inline',
  });
}

export const DEFAULT_REPORT_PATHS = (root: string) => ({
  examplesDir: join(root, 'fhir-profiles', 'examples', 'patients'),
  ruleConstantsFile: join(root, 'src', 'rules', 'rule-constants.ts'),
  out: join(root, 'dist', 'knowledge-report.html'),
});
