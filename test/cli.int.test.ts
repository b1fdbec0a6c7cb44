import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { CATEGORY_RESOURCE_TYPE } from '../src/data/normalise-record.js';
import { startFhirServer, type FhirTestServer } from '../src/dev/fhir-server/index.js';
import { OVERRIDE_REASON_SYSTEM } from '../src/knowledge/canonical.js';
import { loadKnowledge } from '../src/knowledge/load-knowledge.js';
import { projectRoot } from '../src/project-root.js';
import type { CdsCard } from '../src/protocol/cds-types.js';
import { startServer, type RunningServer } from '../src/server.js';
import { buildPrefetchPlan } from '../src/services/prefetch-plan.js';
import { bundleForNode } from './support/bundle-for-node.js';
import { expectValidResponse } from './support/cds-requests.js';
import { transaction } from './support/seed-patients.js';

/*
 * The CLI runs as a child process, as users run it. It is bundled from the TypeScript sources with
 * esbuild (~0.1 s) instead of compiled with `tsc -p tsconfig.build.json` (~4 s for the whole tree, and
 * it would fail on any type error anywhere and write dist/ under other running tests). The bundle keeps
 * the packages external, so it lives under the project (test/artifacts/, git-ignored) to resolve them.
 */
const root = projectRoot();
const bundleDir = join(root, 'test', 'artifacts', `cli-${process.pid}`);
const cli = join(bundleDir, 'hsg-cds.mjs');
const TOKEN = 'cli-fhir-token-5521';
const PATIENT = 'cli-pat-1';
/** A chart with a pending (active) HSG order and an active chlamydial PID. */
const PV_PATIENT = 'cli-pv-1';
const plan = buildPrefetchPlan(loadKnowledge());

const seed = transaction([
  { resourceType: 'Patient', id: PATIENT, gender: 'female', birthDate: '1990-04-02' },
  {
    resourceType: 'Condition',
    id: 'cli-cond-1',
    subject: { reference: `Patient/${PATIENT}` },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'N97.9' }] },
  },
  { resourceType: 'Patient', id: PV_PATIENT, gender: 'female', birthDate: '1991-02-03' },
  {
    resourceType: 'Condition',
    id: 'cli-pv-pid',
    subject: { reference: `Patient/${PV_PATIENT}` },
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'A56.11' }] },
  },
  {
    resourceType: 'ServiceRequest',
    id: 'cli-pv-hsg',
    status: 'active',
    intent: 'order',
    code: {
      coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '74740' }],
      text: 'Hysterosalpingogram',
    },
    subject: { reference: `Patient/${PV_PATIENT}` },
  },
]);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('hsg-cds CLI against a running service and the embedded FHIR server', () => {
  let dir: string;
  let fhir: FhirTestServer;
  let service: RunningServer;
  let cds: string;
  let db: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hsg-cli-'));
    db = join(dir, 'feedback.sqlite');
    await bundleForNode(join(root, 'src', 'cli', 'main.ts'), cli);
    fhir = await startFhirServer({ port: 0, seed: [seed], bearerToken: TOKEN });
    service = await startServer(
      loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', FEEDBACK_DB: db }),
    );
    cds = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await service.stop();
    await fhir.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
  });

  const callArgs = () => [
    'call',
    '--patient',
    PATIENT,
    '--fhir',
    fhir.baseUrl,
    '--token',
    TOKEN,
    '--prefetch',
    '--url',
    cds,
  ];

  it('call --prefetch: fills the prefetch from FHIR with the token, sends the hook, prints every card readably', async () => {
    fhir.resetRequests();
    const json = await run([...callArgs(), '--json']);
    expect(json.code).toBe(0);
    const response = JSON.parse(json.stdout) as { cards: CdsCard[] };
    expectValidResponse(response);
    expect(response.cards.length).toBeGreaterThan(0);
    // Every template was fetched, each with the token.
    const fetched = fhir.requests.filter((r) => r.interaction === 'read' || r.interaction === 'search');
    expect(new Set(fetched.map((r) => r.resourceType))).toEqual(
      new Set(plan.map((e) => CATEGORY_RESOURCE_TYPE[e.category])),
    );
    expect(fetched.every((r) => r.authorizationMatched)).toBe(true);

    const readable = await run(callArgs());
    expect(readable.code).toBe(0);
    for (const card of response.cards) {
      expect(readable.stdout).toContain(`[${card.indicator.toUpperCase()}] ${card.summary}`);
      if (card.source.topic) expect(readable.stdout).toContain(`topic: ${card.source.topic.code}`);
      for (const s of card.suggestions ?? []) expect(readable.stdout).toContain(`* ${s.label}`);
      for (const link of card.links ?? []) expect(readable.stdout).toContain(link.url);
    }
    const n = response.cards.length;
    expect(readable.stdout).toContain(`${n} card${n === 1 ? '' : 's'}: `);
    // Not a terminal: no colour codes unless asked; and the token is never printed.
    expect(readable.stdout).not.toContain('\u001b[');
    const ESC = '\u001b';
    const coloured = (await run([...callArgs(), '--color'])).stdout;
    expect(coloured).toMatch(new RegExp(`${ESC}\\[\\d+m\\[(CRITICAL|WARNING|INFO)\\]`));
    expect(readable.stdout + readable.stderr + json.stderr).not.toContain(TOKEN);
  });

  it('call with an order file of a non-HSG order → no cards; an unreachable service → exit 1', async () => {
    const orderFile = join(dir, 'lumbar-mri.json');
    writeFileSync(
      orderFile,
      JSON.stringify({
        resourceType: 'ServiceRequest',
        id: 'mri-1',
        status: 'draft',
        intent: 'order',
        code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '72133' }] },
        subject: { reference: `Patient/${PATIENT}` },
      }),
    );
    const none = await run([
      'call',
      '--service',
      'hsg-order-select',
      '--patient',
      PATIENT,
      '--fhir',
      fhir.baseUrl,
      '--order-file',
      orderFile,
      '--url',
      cds,
    ]);
    expect(none).toMatchObject({ code: 0, stdout: 'No cards.\n' });

    const closed = await run([
      'call',
      '--patient',
      PATIENT,
      '--fhir',
      fhir.baseUrl,
      '--url',
      'http://127.0.0.1:9',
    ]);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('cannot reach http://127.0.0.1:9');
    const unknown = await run([
      'call',
      '--service',
      'nope',
      '--patient',
      PATIENT,
      '--fhir',
      fhir.baseUrl,
      '--url',
      cds,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('it offers: hsg-order-select, hsg-order-sign');
  });

  it('call --service hsg-patient-view: opens the chart, screens the pending HSG order, no info cards', async () => {
    const chart = (patient: string, ...extra: string[]) =>
      run([
        'call',
        '--service',
        'hsg-patient-view',
        '--patient',
        patient,
        '--fhir',
        fhir.baseUrl,
        '--token',
        TOKEN,
        '--url',
        cds,
        ...extra,
      ]);
    fhir.resetRequests();
    const json = await chart(PV_PATIENT, '--prefetch', '--json');
    expect(json.code).toBe(0);
    const response = JSON.parse(json.stdout) as { cards: CdsCard[] };
    expectValidResponse(response);
    expect(response.cards.map((c) => `${c.source.topic?.code}:${c.indicator}`)).toEqual([
      'pelvic-infection:critical',
    ]);
    const searched = fhir.requests.filter((r) => r.resourceType === 'ServiceRequest');
    expect(searched).toHaveLength(1);
    expect(searched[0]?.query).toContain('status=draft,active,on-hold');
    // Without --prefetch the service asks the FHIR server itself; a chart without an HSG order gets nothing.
    expect((await chart(PV_PATIENT)).stdout).toContain('[CRITICAL]');
    expect(await chart(PATIENT)).toMatchObject({ code: 0, stdout: 'No cards.\n' });
    const withOrder = await chart(PATIENT, '--cpt', '74740');
    expect(withOrder.stderr).toContain('patient-view sends no order');
  });

  it('discover lists the services and checks the discovery response', async () => {
    const res = await run(['discover', cds]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^hsg-order-select {2}order-select {2}/m);
    expect(res.stdout).toMatch(/^hsg-order-sign {2}order-sign {2}/m);
    expect(res.stdout).toContain(`prefetch: ${plan.map((e) => e.key).join(', ')}`);
    expect(res.stdout).toMatch(/^hsg-patient-view {2}patient-view {2}/m);
    expect(res.stdout).toContain('3 services');
  });

  it('check: a response from the service passes; one breaking the rules fails; a missing file is a usage error', async () => {
    const saved = join(dir, 'response.json');
    writeFileSync(saved, (await run([...callArgs(), '--json'])).stdout);
    const ok = await run(['check', saved]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/valid CDS Hooks 2\.0 response \(\d+ cards?\)/);

    const broken = join(dir, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({ cards: [{ summary: '', indicator: 'urgent', source: { label: 'x' } }] }),
    );
    const bad = await run(['check', broken]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/problem/);
    expect((await run(['check', join(dir, 'missing.json')])).code).toBe(2);
  });

  it('feedback-report: rates per topic and override reasons from the feedback database (FEEDBACK_DB or --db)', async () => {
    const response = JSON.parse((await run([...callArgs(), '--json'])).stdout) as { cards: CdsCard[] };
    const [first] = response.cards;
    if (!first?.source.topic) throw new Error('expected a card with a topic');
    const feedback = await fetch(`${cds}/cds-services/hsg-order-sign/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        feedback: [
          {
            card: first.uuid,
            outcome: 'overridden',
            overrideReason: {
              reason: {
                system: OVERRIDE_REASON_SYSTEM,
                code: 'benefit-outweighs-risk',
                display: 'Benefit outweighs risk',
              },
            },
            outcomeTimestamp: new Date().toISOString(),
          },
        ],
      }),
    });
    expect(feedback.status).toBe(200);

    const report = await run(['feedback-report'], { FEEDBACK_DB: db });
    expect(report.code).toBe(0);
    const topic = first.source.topic.code;
    expect(report.stdout).toMatch(
      new RegExp(`^${topic}\\s+1\\s+0\\.0%\\s+100\\.0%\\s+benefit-outweighs-risk \\(1\\)$`, 'm'),
    );
    expect(report.stdout).toMatch(/^1\s+benefit-outweighs-risk\s+Benefit outweighs risk$/m);

    const later = await run(['feedback-report', '--db', db, '--since', '2999-01-01']);
    expect(later).toMatchObject({ code: 0, stdout: expect.stringContaining('no feedback') });
    expect((await run(['feedback-report', '--db', join(dir, 'none.sqlite')])).code).toBe(1);
  });

  it('usage errors exit with 2, --help with 0', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['call', '--patient', PATIENT])).code).toBe(2);
    expect((await run(['call', '--patient', PATIENT, '--fhir', 'not a url'])).code).toBe(2);
    expect((await run(['feedback-report', '--since', 'yesterday'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    const help = await run(['call', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--order-file <json>');
  });
});
