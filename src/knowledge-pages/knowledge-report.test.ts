import { readdirSync } from 'node:fs';
import { loadConfig } from '../config/config.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { RULE_THRESHOLDS } from '../rules/rule-constants.js';
import { projectRoot } from '../project-root.js';
import { buildKnowledgeReport, DEFAULT_REPORT_PATHS, thresholdSources } from './knowledge-report.js';

const knowledge = loadKnowledge();
const paths = DEFAULT_REPORT_PATHS(projectRoot());
let html: string;

beforeAll(async () => {
  html = await buildKnowledgeReport({
    knowledge,
    config: loadConfig({ NODE_ENV: 'test' }),
    examplesDir: paths.examplesDir,
    ruleConstantsFile: paths.ruleConstantsFile,
    now: new Date('2026-12-02T00:00:00Z'),
  });
});

describe('the knowledge review packet', () => {
  it('is one self-contained page: inline style, no script, no external resource', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link |<img|<iframe| src=/i);
  });

  it('has the release, its review status and the open questions', () => {
    expect(html).toContain(`Knowledge release ${knowledge.release.version}`);
    expect(html).toContain(`<span class="badge ${knowledge.release.status}">`);
    for (const q of knowledge.release.openQuestions) expect(html).toContain(q.replace(/&/g, '&amp;'));
  });

  it('has every rule in words with its thresholds, read from the rule constants as they are', () => {
    for (const kind of knowledge.findingPages.keys()) expect(html).toContain(`id="finding-${kind}"`);
    for (const [key, value] of Object.entries(RULE_THRESHOLDS))
      expect(html).toMatch(new RegExp(`<td>${value}</td><td><code>${key}</code>`));
    const sources = thresholdSources(paths.ruleConstantsFile);
    expect(sources).toMatch(/hCG/);
    expect(html).toContain('Where the thresholds come from');
  });

  it('has every value set with every code of its expansion, and every ConceptMap row', () => {
    for (const url of knowledge.valueSets.urls) {
      const vs = knowledge.valueSets.get(url)!;
      const name = url.slice(url.lastIndexOf('/') + 1);
      const start = html.indexOf(`id="vs-${name}"`);
      expect(start).toBeGreaterThan(0);
      const end = html.indexOf('<h2', start + 1);
      const section = html.slice(start, end < 0 ? undefined : end);
      expect(section.match(/<tr><td><code>/g)?.length ?? 0).toBe(vs.expansion?.total ?? 0);
    }
    for (const cm of knowledge.conceptMaps.values()) {
      const rows = (cm.group ?? []).flatMap((g) => g.element.flatMap((e) => e.target ?? [{}]));
      const name = (cm.url ?? '').slice((cm.url ?? '').lastIndexOf('/') + 1);
      const start = html.indexOf(`id="cm-${name}"`);
      const section = html.slice(start, html.indexOf('</table>', start));
      expect(section.match(/<tr><td>/g)?.length).toBe(rows.length);
    }
  });

  it('has every example patient with the cards it produces', () => {
    const ids = readdirSync(paths.examplesDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) expect(html).toContain(`id="example-${id}"`);
    // Every example has an HSG-family order, so a billing card at least.
    expect(html.match(/<section class="card /g)?.length ?? 0).toBeGreaterThan(ids.length);
    expect(html).toMatch(/<strong>Positive hCG [^<]*: HSG is contraindicated in pregnancy/);
    // A card's link to its page points at the topic's section of the packet.
    expect(html).toContain('<a href="#finding-pregnancy">Why this card');
    expect(html).not.toContain('/knowledge/findings/');
  });
});
