import { Router, type Response } from 'express';
import { valueSetUrl } from '../knowledge/canonical.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { RuleSettings } from '../rules/types.js';
import { buildWorkbenchCsp } from '../workbench/content-security-policy.js';
import { KNOWLEDGE_CSS, link, page, t } from './html.js';
import {
  findingArticle,
  findingKinds,
  indexLists,
  releaseNotes,
  releaseSummary,
  thresholdsTable,
  valueSetArticle,
  type ContentContext,
  type KnowledgeLinks,
} from './knowledge-content.js';

export interface KnowledgeRouterOptions {
  readonly knowledge: Knowledge;
  readonly settings?: RuleSettings;
  /** Shown on every page while the release is not reviewed. */
  readonly releaseWarning?: string;
}

/** Links relative to the page, so a path prefix added by a proxy (PUBLIC_BASE_URL) is kept. */
function linksFrom(base: '' | '../'): KnowledgeLinks {
  return {
    finding: (kind) => `${base}findings/${encodeURIComponent(kind)}`,
    valueSet: (name) => `${base}value-sets/${encodeURIComponent(name)}`,
    release: () => `${base}release`,
  };
}

function header(base: '' | '../', ctx: ContentContext): string {
  const { version, status } = ctx.knowledge.release;
  const warning = ctx.releaseWarning ? `<p class="warning">${t(ctx.releaseWarning)}</p>` : '';
  return `<header class="site">${link(base || './', 'HSG CDS knowledge')} <span class="muted">release ${t(version)} (${t(status)}) · not clinical advice until reviewed</span>${warning}</header>`;
}

function send(res: Response, status: number, html: string): void {
  // The workbench's policy with no FHIR server: nothing but this service's own stylesheet.
  res.setHeader('Content-Security-Policy', buildWorkbenchCsp([]));
  res.status(status).type('html').send(html);
}

/**
 * `/knowledge`: the rule, thresholds, value sets and sources behind every card topic, one page per finding
 * kind plus one per value set and the release (the same content as `npm run knowledge:report`). Static,
 * offline (no external resources), served in every mode without authentication: cards link here.
 */
export function createKnowledgeRouter(options: KnowledgeRouterOptions): Router {
  const context = (base: '' | '../'): ContentContext => ({
    knowledge: options.knowledge,
    links: linksFrom(base),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.releaseWarning ? { releaseWarning: options.releaseWarning } : {}),
  });
  const render = (base: '' | '../', title: string, body: string) => {
    const ctx = context(base);
    return page({ title, body, style: { href: `${base}knowledge.css` }, header: header(base, ctx) });
  };
  const notFound = (res: Response, what: string) =>
    send(
      res,
      404,
      render('../', 'Not found', `<h1>Not found</h1><p>${t(what)}</p><p>${link('../', 'All knowledge')}</p>`),
    );

  // The knowledge and the settings are fixed for the process: each page is built once, on first request
  // (only pages that exist, so the cache is bounded by the knowledge).
  const built = new Map<string, string>();
  const once = (key: string, build: () => string): string => {
    let html = built.get(key);
    if (html === undefined) built.set(key, (html = build()));
    return html;
  };

  const pages = Router();
  pages.get('/', (req, res) => {
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) {
      res.redirect(301, 'knowledge/');
      return;
    }
    const html = once('/', () => {
      // The header already carries the release warning.
      const { releaseWarning: _shownInHeader, ...ctx } = context('');
      const body = [
        '<h1>HSG CDS knowledge</h1>',
        '<p>What the service checks when an HSG, selective salpingography or sonohysterography order is selected or signed, and why. Each card links to the page of its topic.</p>',
        releaseSummary(ctx),
        indexLists(ctx),
        '<h2 id="thresholds">All rule thresholds</h2>',
        thresholdsTable(ctx),
      ].join('\n');
      return render('', 'HSG CDS knowledge', body);
    });
    send(res, 200, html);
  });
  pages.get('/knowledge.css', (_req, res) => {
    res.type('text/css').send(KNOWLEDGE_CSS);
  });
  pages.get('/release', (_req, res) => {
    const html = once('/release', () => {
      const { releaseWarning: _shownInHeader, ...ctx } = context('');
      return render(
        '',
        `Knowledge release ${options.knowledge.release.version}`,
        `${releaseSummary(ctx, 'h1')}\n<h2>Release notes</h2>\n${releaseNotes(ctx)}`,
      );
    });
    send(res, 200, html);
  });
  pages.get('/findings/:kind', (req, res) => {
    const kind = String(req.params.kind);
    if (!findingKinds(options.knowledge).some((k) => k.code === kind))
      return notFound(res, `No finding kind ${kind}`);
    const html = once(`/findings/${kind}`, () =>
      render('../', `${kind} – HSG CDS knowledge`, findingArticle(context('../'), kind)),
    );
    send(res, 200, html);
  });
  pages.get('/value-sets/:name', (req, res) => {
    const name = String(req.params.name);
    const vs = options.knowledge.valueSets.get(valueSetUrl(name));
    if (!vs || !/^[a-z0-9-]+$/.test(name)) return notFound(res, `No value set ${name}`);
    const html = once(`/value-sets/${name}`, () =>
      render('../', `${vs.title ?? name} – HSG CDS knowledge`, valueSetArticle(context('../'), vs)),
    );
    send(res, 200, html);
  });
  // Answered here, so that an unknown knowledge path never reaches the CDS router's authentication.
  pages.use((req, res) => notFound(res, `No page ${req.path}`));

  const router = Router();
  router.use('/knowledge', pages);
  return router;
}
