import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '../src/config/config.js';
import { StartupError } from '../src/errors.js';
import { knowledgeReleaseGate } from '../src/knowledge/release-gate.js';
import { startServer, type RunningServer } from '../src/server.js';
import { Writable } from 'node:stream';
import { createLogger } from '../src/observability/logger.js';
import { createHookCallLogger } from '../src/observability/log-hook-calls.js';
import { hookRequest, hsgOrder } from './support/cds-requests.js';
import { createTestApp, testKnowledge } from './support/create-test-app.js';
import { crdKeys } from './support/sign-jwt.js';

const knowledge = testKnowledge();
const kinds = [...knowledge.findingPages.keys()];

describe('/knowledge pages', () => {
  // Authentication on, as in production: the pages still answer without a JWT.
  const { app } = createTestApp({ env: { CDS_TRUST_SANDBOX: 'true', CYCLE_DAY_WINDOW: '7-11' } });

  it('serves the index with the workbench CSP, offline (no external resources)', async () => {
    const res = await request(app).get('/knowledge/');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.headers['content-security-policy']).toMatch(
      /^default-src 'none'; script-src 'self'; style-src 'self'/,
    );
    expect(res.text).toContain(`Knowledge release ${knowledge.release.version}`);
    for (const kind of kinds) expect(res.text).toContain(`href="findings/${kind}"`);
    expect(res.text).not.toMatch(/<(script|img|iframe)\b|src="http|href="http[^"]*\.css/);
    expect((await request(app).get('/knowledge')).headers.location).toBe('knowledge/');
    const css = await request(app).get('/knowledge/knowledge.css');
    expect(css.type).toBe('text/css');
  });

  it.each(kinds)(
    'has a page for %s: the rule, what to do, thresholds with values, value sets, sources',
    async (kind) => {
      const res = await request(app).get(`/knowledge/findings/${kind}`);
      expect(res.status).toBe(200);
      const page = knowledge.findingPages.get(kind)!;
      expect(res.text).toContain('<strong>Fires when:</strong>');
      expect(res.text).toContain('<strong>What to do:</strong>');
      for (const key of page.thresholds) expect(res.text).toContain(`<code>${key}</code>`);
      for (const name of page.valueSets) expect(res.text).toContain(`href="../value-sets/${name}"`);
      expect(res.text).toContain('href="../knowledge.css"');
    },
  );

  it('shows the configured cycle-day window and threshold values', async () => {
    expect((await request(app).get('/knowledge/findings/cycle-timing')).text).toContain(
      'cycle days 7–11 (as configured)',
    );
    const pregnancy = await request(app).get('/knowledge/findings/pregnancy');
    expect(pregnancy.text).toMatch(/Lowest quantitative hCG read as positive \(mIU\/mL\)<\/td><td>25</);
  });

  it('lists every code of a value set, headers and unverified codes flagged', async () => {
    const indication = await request(app).get('/knowledge/value-sets/hsg-indication');
    expect(indication.status).toBe(200);
    expect(indication.text).toMatch(
      /<code>Q51\.1<\/code><\/td><td>[^<]+<\/td><td>ICD-10-CM<\/td><td><span class="badge header">header: not billable/,
    );
    expect(indication.text).toContain('http://hl7.org/fhir/sid/icd-10-cm|FY');
    const order = await request(app).get('/knowledge/value-sets/hsg-order');
    expect(order.text).toMatch(/<code>168884001<\/code>.*badge unverified/);
  });

  it('shows the release: version, review status, notes and open questions', async () => {
    const res = await request(app).get('/knowledge/release');
    expect(res.status).toBe(200);
    expect(res.text).toContain(knowledge.release.openQuestions[0]!.slice(0, 40));
    expect(res.text).toContain('<h3>hsg-cds knowledge');
    expect(res.text).toContain('Marked <strong>unverified</strong>');
  });

  it('answers 404 pages for unknown topics, never the CDS router', async () => {
    for (const path of ['/knowledge/findings/nope', '/knowledge/value-sets/nope', '/knowledge/x/y']) {
      const res = await request(app).get(path);
      expect(res.status).toBe(404);
      expect(res.type).toBe('text/html');
    }
    const evil = await request(app).get('/knowledge/findings/%3Cscript%3E');
    expect(evil.text).not.toContain('<script>');
  });
});

describe('the knowledge version in the call log line', () => {
  it('is on every hook call line', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const logger = createLogger('info', sink);
    const { app } = createTestApp({
      logger,
      observers: [createHookCallLogger(logger, { knowledgeVersion: knowledge.release.version })],
    });
    await request(app)
      .post('/cds-services/hsg-order-sign')
      .send(hookRequest('order-sign', [hsgOrder()]));
    expect(lines.filter((l) => l.msg === 'hook call').map((l) => l.knowledgeVersion)).toEqual([
      knowledge.release.version,
    ]);
  });
});

describe('the knowledge release gate', () => {
  const draft = { name: 'hsg-cds knowledge', version: '9.9.9', status: 'draft' as const };

  it.each([
    [
      'production refuses a draft',
      'production' as const,
      false,
      /^Knowledge release hsg-cds knowledge 9\.9\.9 \(draft\) has not been reviewed.*KNOWLEDGE_ALLOW_DRAFT=true/,
    ],
    ['production with KNOWLEDGE_ALLOW_DRAFT warns', 'production' as const, true, undefined],
    ['development warns', 'development' as const, false, undefined],
  ])('%s', (_name, nodeEnv, knowledgeAllowDraft, refusal) => {
    const gate = knowledgeReleaseGate(draft, { nodeEnv, knowledgeAllowDraft });
    if (refusal) expect(gate.refusal).toMatch(refusal);
    else expect(gate.warning).toMatch(/hsg-cds knowledge 9\.9\.9 \(draft\)/);
    expect((gate.refusal ?? gate.warning ?? '').split('\n')).toHaveLength(1);
  });

  it('a reviewed release runs everywhere, silently', () => {
    expect(
      knowledgeReleaseGate(
        { ...draft, status: 'reviewed' },
        { nodeEnv: 'production', knowledgeAllowDraft: false },
      ),
    ).toEqual({});
  });

  describe('production start-up', () => {
    let dir: string;
    let running: RunningServer | undefined;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'hsg-gate-'));
      const [ecPublic] = crdKeys();
      writeFileSync(
        join(dir, 'clients.json'),
        JSON.stringify({ clients: [{ iss: 'https://ehr.example.org', jwks: { keys: [ecPublic] } }] }),
      );
    });
    afterAll(async () => {
      await running?.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const env = (extra: Record<string, string> = {}) =>
      loadConfig({
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        FEEDBACK_DB: ':memory:',
        LOG_LEVEL: 'silent',
        METRICS_ENABLED: 'true',
        CDS_TRUSTED_CLIENTS: join(dir, 'clients.json'),
        ...extra,
      });

    it('refuses the unreviewed release with a one-line message naming it', async () => {
      await expect(startServer(env())).rejects.toThrow(StartupError);
      await expect(startServer(env())).rejects.toThrow(
        `Knowledge release hsg-cds knowledge ${knowledge.release.version} (draft)`,
      );
    });

    it('runs it with KNOWLEDGE_ALLOW_DRAFT=true and says so in /readyz and /metrics', async () => {
      running = await startServer(env({ KNOWLEDGE_ALLOW_DRAFT: 'true' }));
      const { port } = running.server.address() as { port: number };
      const ready = await request(`http://127.0.0.1:${port}`).get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.checks[0].detail).toMatch(
        /KNOWLEDGE_ALLOW_DRAFT=true: production is running the UNREVIEWED knowledge release/,
      );
      // The pages are served in production too, where the workbench is off, and say the release is a draft.
      const page = await request(`http://127.0.0.1:${port}`).get('/knowledge/findings/pregnancy');
      expect(page.status).toBe(200);
      expect(page.text).toContain('UNREVIEWED');
      expect((await request(`http://127.0.0.1:${port}`).get('/workbench/')).status).not.toBe(200);
      const metrics = await request(`http://127.0.0.1:${port}`).get('/metrics');
      expect(metrics.text).toContain(
        `hsg_cds_knowledge_release_info{version="${knowledge.release.version}",status="draft"} 1`,
      );
    });
  });
});
