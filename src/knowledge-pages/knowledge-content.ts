import type { ConceptMap, ValueSet } from 'fhir/r4.js';
import MarkdownIt from 'markdown-it';
import { BillingReferences } from '../billing/find-billing-codes.js';
import { FINDING_KIND_SYSTEM, valueSetUrl } from '../knowledge/canonical.js';
import { codeStatusOf } from '../knowledge/expand-value-sets.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import { flattenConcepts } from '../knowledge/load-knowledge.js';
import { ICD10CM_SYSTEM, TEXT_SYSTEM } from '../knowledge/value-set-index.js';
import { GuidelineLinks } from '../rules/guideline-links.js';
import { RULE_THRESHOLDS } from '../rules/rule-constants.js';
import type { Reference, RuleSettings } from '../rules/types.js';
import { link, list, t, table } from './html.js';

/** Where things link: served pages link to other pages, the review packet to anchors in itself. */
export interface KnowledgeLinks {
  finding(kind: string): string;
  valueSet(name: string): string;
  release(): string;
}

export interface ContentContext {
  readonly knowledge: Knowledge;
  readonly links: KnowledgeLinks;
  /** The configured rule settings (cycle-day window, billing setting), when known. */
  readonly settings?: RuleSettings;
  /** Shown on every page while the release is not reviewed. */
  readonly releaseWarning?: string;
}

const REFERENCES: Readonly<Record<string, Reference>> = { ...GuidelineLinks, ...BillingReferences };

const SYSTEM_NAMES: Readonly<Record<string, string>> = {
  [ICD10CM_SYSTEM]: 'ICD-10-CM',
  'http://snomed.info/sct': 'SNOMED CT',
  'http://loinc.org': 'LOINC',
  'http://www.ama-assn.org/go/cpt': 'CPT',
  'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets': 'HCPCS',
  'http://www.nlm.nih.gov/research/umls/rxnorm': 'RxNorm',
  [TEXT_SYSTEM]: 'free text',
};

export const systemName = (system: string | undefined): string => SYSTEM_NAMES[system ?? ''] ?? system ?? '';

export const valueSetName = (url: string): string => url.slice(url.lastIndexOf('/') + 1);

const markdown = new MarkdownIt({ html: false, linkify: false });

export function findingKinds(knowledge: Knowledge): { code: string; display: string; definition: string }[] {
  return flattenConcepts(knowledge.codeSystems.get(FINDING_KIND_SYSTEM)?.concept).map((c) => ({
    code: c.code,
    display: c.display ?? c.code,
    definition: c.definition ?? '',
  }));
}

function statusBadge(status: string): string {
  return `<span class="badge ${t(status)}">${t(status)}</span>`;
}

export function releaseSummary(ctx: ContentContext, headingLevel: 'h1' | 'h2' = 'h2'): string {
  const { release } = ctx.knowledge;
  const reviews = table(
    ['Role', 'Reviewer', 'Date', 'Covered', 'Comments'],
    release.reviews.map((r) => [t(r.role), t(r.reviewer), t(r.date), t(r.covered.join('; ')), t(r.comments)]),
  );
  const missing = release.requiredRoles.filter((role) => !release.reviews.some((r) => r.role === role));
  return [
    `<${headingLevel} id="release">Knowledge release ${t(release.version)} ${statusBadge(release.status)}</${headingLevel}>`,
    ctx.releaseWarning ? `<p class="warning">${t(ctx.releaseWarning)}</p>` : '',
    `<p>${t(release.name)} ${t(release.version)}, ${t(release.date)}. ICD-10-CM table ${t(ctx.knowledge.icd10cm.version)}; value-set expansions in FY${t(ctx.knowledge.expansionFiscalYear)}.</p>`,
    `<p>${link(ctx.links.release(), 'Release notes')}</p>`,
    '<h3>Review record</h3>',
    `<p>Required: ${t(release.requiredRoles.join(' and '))}.${missing.length > 0 ? ` Missing: ${t(missing.join(', '))}.` : ''}</p>`,
    reviews,
    '<h3 id="open-questions">Open questions</h3>',
    list(release.openQuestions.map((q) => t(q))),
  ].join('\n');
}

/** The release notes, their headings moved two levels down to sit under the page's own. */
export function releaseNotes(ctx: ContentContext): string {
  const html = markdown
    .render(ctx.knowledge.release.notes)
    .replace(/<(\/?)h([1-4])>/g, (_m, slash: string, level: string) => `<${slash}h${Number(level) + 2}>`);
  return `<div class="release-notes">${html}</div>`;
}

export function thresholdsTable(ctx: ContentContext, keys?: readonly string[]): string {
  const all = RULE_THRESHOLDS as Readonly<Record<string, number>>;
  const shown = keys ?? Object.keys(all);
  return table(
    ['Threshold', 'Value', 'Key (src/rules/rule-constants.ts)'],
    shown.map((key) => [
      t(ctx.knowledge.thresholdLabels[key] ?? key),
      t(all[key] ?? 'not defined'),
      `<code>${t(key)}</code>`,
    ]),
  );
}

function configurationLines(ctx: ContentContext, variables: readonly string[]): string[] {
  return variables.map((name) => {
    if (name === 'CYCLE_DAY_WINDOW' && ctx.settings) {
      const { first, last } = ctx.settings.cycleDayWindow;
      return `<code>${t(name)}</code>: cycle days ${t(first)}–${t(last)} (as configured)`;
    }
    return `<code>${t(name)}</code>`;
  });
}

/** Everything about one finding kind: the rule in words, what to do, thresholds, value sets, sources. */
export function findingArticle(ctx: ContentContext, kind: string, headingLevel: 'h1' | 'h2' = 'h1'): string {
  const { knowledge, links } = ctx;
  const concept = findingKinds(knowledge).find((k) => k.code === kind);
  const pageContent = knowledge.findingPages.get(kind);
  if (!concept) return '';
  const valueSets = (pageContent?.valueSets ?? []).map((name) => {
    const vs = knowledge.valueSets.get(valueSetUrl(name));
    return `${link(links.valueSet(name), vs?.title ?? name)} <span class="muted">(${t(name)})</span>`;
  });
  const references = (pageContent?.references ?? []).flatMap((key) => {
    const ref = REFERENCES[key];
    return ref ? [link(ref.url, ref.label)] : [];
  });
  const sub = headingLevel === 'h1' ? 'h2' : 'h3';
  return [
    `<${headingLevel} id="finding-${t(kind)}">${t(concept.display)} <code>${t(kind)}</code></${headingLevel}>`,
    `<p><strong>Fires when:</strong> ${t(concept.definition)}</p>`,
    pageContent ? `<p>${t(pageContent.description)}</p>` : '',
    pageContent ? `<p><strong>What to do:</strong> ${t(pageContent.whatToDo)}</p>` : '',
    `<${sub}>Thresholds</${sub}>`,
    pageContent && pageContent.thresholds.length > 0
      ? thresholdsTable(ctx, pageContent.thresholds)
      : '<p class="empty">No numeric threshold.</p>',
    ...(pageContent?.configuration?.length
      ? [
          `<p><strong>Configuration:</strong> ${configurationLines(ctx, pageContent.configuration).join(', ')}</p>`,
        ]
      : []),
    `<${sub}>Value sets read</${sub}>`,
    list(valueSets),
    `<${sub}>Sources</${sub}>`,
    list(references),
    `<p class="muted">Knowledge release ${link(links.release(), `${knowledge.release.version} (${knowledge.release.status})`)}.</p>`,
  ].join('\n');
}

function conceptFlags(vs: ValueSet, system: string | undefined, code: string | undefined): string {
  const flags: string[] = [];
  for (const inc of vs.compose?.include ?? []) {
    if (inc.system !== system) continue;
    const concept = inc.concept?.find((c) => c.code === code);
    if (!concept) continue;
    const { status, note } = codeStatusOf(concept);
    if (status) flags.push(`${statusBadge(status)}${note ? ` <span class="muted">${t(note)}</span>` : ''}`);
  }
  return flags.join(' ');
}

function composeRules(vs: ValueSet): string[] {
  const rules: string[] = [];
  const describe = (inc: NonNullable<ValueSet['compose']>['include'][number], verb: string) => {
    for (const ref of inc.valueSet ?? [])
      rules.push(`${verb} every code of <code>${t(valueSetName(ref))}</code>`);
    for (const f of inc.filter ?? []) {
      if (inc.system === TEXT_SYSTEM) rules.push(`${verb} free text matching <code>/${t(f.value)}/i</code>`);
      else
        rules.push(`${verb} ${t(systemName(inc.system))} <code>${t(f.value)}</code> and every code under it`);
    }
  };
  for (const inc of vs.compose?.include ?? []) describe(inc, 'Includes');
  for (const exc of vs.compose?.exclude ?? []) {
    for (const c of exc.concept ?? [])
      rules.push(`Excludes ${t(systemName(exc.system))} <code>${t(c.code)}</code>`);
    describe(exc, 'Excludes');
  }
  return rules;
}

/** One value set: where it comes from, its rules, and every code of its expansion with its flags. */
export function valueSetArticle(ctx: ContentContext, vs: ValueSet, headingLevel: 'h1' | 'h2' = 'h1'): string {
  const name = valueSetName(vs.url ?? '');
  const expansion = vs.expansion;
  const codeSystemVersion = expansion?.parameter?.find((p) => p.name === 'used-codesystem')?.valueUri;
  const rows = (expansion?.contains ?? []).map((c) => [
    `<code>${t(c.code)}</code>`,
    t(c.display),
    t(systemName(c.system)),
    [
      c.abstract ? '<span class="badge header">header: not billable</span>' : '',
      c.inactive ? statusBadge('inactive') : '',
      conceptFlags(vs, c.system, c.code),
    ]
      .filter(Boolean)
      .join(' '),
  ]);
  return [
    `<${headingLevel} id="vs-${t(name)}">${t(vs.title ?? name)} <code>${t(name)}</code></${headingLevel}>`,
    `<p class="muted">${t(vs.url)}|${t(vs.version)} ${statusBadge(vs.status)}</p>`,
    `<p><strong>Source and confidence:</strong> ${t(vs.description)}</p>`,
    list(composeRules(vs)),
    `<p>${t(expansion?.total ?? 0)} codes${codeSystemVersion ? `, expanded with ${t(codeSystemVersion)}` : ''}.</p>`,
    table(['Code', 'Display', 'System', 'Notes'], rows),
  ].join('\n');
}

function mapTargetText(
  target: NonNullable<NonNullable<ConceptMap['group']>[number]['element'][number]['target']>[number],
): string {
  const extras = [
    ...(target.dependsOn ?? []).map((d) => `${d.property} = ${d.value}`),
    ...(target.product ?? []).map((p) => `${p.property}: ${p.value}`),
  ];
  return [
    `<code>${t(target.code ?? '—')}</code> ${t(target.display)}`,
    extras.length > 0 ? `<br><span class="muted">${t(extras.join('; '))}</span>` : '',
  ].join('');
}

/** Every row of a ConceptMap: source code → target, with equivalence, conditions and comment. */
export function conceptMapArticle(cm: ConceptMap): string {
  const rows = (cm.group ?? []).flatMap((group) =>
    group.element.flatMap((element) =>
      (element.target ?? [{ equivalence: 'unmatched' as const }]).map((target) => [
        `${t(systemName(group.source))} <code>${t(element.code)}</code> ${t(element.display)}`,
        `${t(systemName(group.target))}: ${mapTargetText(target)}`,
        t(target.equivalence),
        t(target.comment),
      ]),
    ),
  );
  const name = valueSetName(cm.url ?? '');
  return [
    `<h3 id="cm-${t(name)}">${t(cm.title ?? name)} <code>${t(name)}</code></h3>`,
    `<p class="muted">${t(cm.url)}|${t(cm.version)} ${statusBadge(cm.status)}</p>`,
    `<p>${t(cm.description)}</p>`,
    table(['From', 'To', 'Equivalence', 'Comment'], rows),
  ].join('\n');
}

/** The list of finding kinds and value sets, for the index page and the packet's contents. */
export function indexLists(ctx: ContentContext): string {
  const { knowledge, links } = ctx;
  const kinds = findingKinds(knowledge).map(
    (k) => `${link(links.finding(k.code), k.display)} <code>${t(k.code)}</code>: ${t(k.definition)}`,
  );
  const valueSets = [...knowledge.valueSets.urls].sort().map((url) => {
    const vs = knowledge.valueSets.get(url);
    const name = valueSetName(url);
    return `${link(links.valueSet(name), vs?.title ?? name)} <code>${t(name)}</code> <span class="muted">(${t(vs?.expansion?.total ?? 0)} codes)</span>`;
  });
  return [
    '<h2 id="findings">Findings (card topics)</h2>',
    list(kinds),
    '<h2 id="value-sets">Value sets</h2>',
    list(valueSets),
  ].join('\n');
}
