import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { buildKnowledgeReport, DEFAULT_REPORT_PATHS } from '../../src/knowledge-pages/knowledge-report.js';
import { loadConfig } from '../../src/config/config.js';
import type { CdsResponse } from '../../src/protocol/cds-types.js';
import { projectRoot } from '../../src/project-root.js';
import { hookRequest } from '../support/cds-requests.js';
import { createTestApp, testKnowledge } from '../support/create-test-app.js';
import { ARTIFACTS_DIR, launchChromium } from './support/browser.js';
import { EXAMPLES_NOW, readExampleBundles, recordPrefetch } from './support/example-patients.js';
import { exampleOrderAsDraft } from '../../src/knowledge-pages/example-cards.js';

/** The order-sign call an EHR sends for the synthetic pregnant patient, with her record as prefetch. */
function pregnantPatientCall() {
  const bundle = readExampleBundles().find((b) =>
    (b.entry ?? []).some((e) => e.resource?.resourceType === 'Patient' && e.resource.id === 'hsg-pregnant'),
  );
  const resources = (bundle?.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  const drafts = exampleOrderAsDraft('hsg-pregnant', resources);
  return hookRequest('order-sign', drafts, {
    patientId: 'hsg-pregnant',
    prefetch: recordPrefetch(resources),
  });
}

/** The review packet and the served /knowledge pages in headless Chromium: rendered, offline, CSP-clean. */
let browser: Browser;
let dir: string;
let server: Server;
let base: string;

async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  // Offline: any request leaving the page's own origin (or file) is a failure.
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('file:') && !u.startsWith(base)) errors.push(`external request ${u}`);
  });
  await page.goto(url);
  return { page, errors };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hsg-knowledge-e2e-'));
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  browser = await launchChromium();
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { app } = createTestApp({ env: { PUBLIC_BASE_URL: base }, now: () => EXAMPLES_NOW });
  server.on('request', app);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('knowledge in Chromium', () => {
  test('the review packet renders from a file, prints to PDF, and holds every section', async () => {
    const paths = DEFAULT_REPORT_PATHS(projectRoot());
    const file = join(dir, 'knowledge-report.html');
    writeFileSync(
      file,
      await buildKnowledgeReport({
        knowledge: testKnowledge(),
        config: loadConfig({ NODE_ENV: 'test', PUBLIC_BASE_URL: base }),
        examplesDir: paths.examplesDir,
        ruleConstantsFile: paths.ruleConstantsFile,
      }),
    );
    const { page, errors } = await openPage(`file://${file}`);
    await expect(page.locator('h1').first().textContent()).resolves.toMatch(/review packet/);
    expect(await page.locator('[id^="finding-"]').count()).toBe(testKnowledge().findingPages.size);
    expect(await page.locator('[id^="example-"]').count()).toBeGreaterThan(10);
    expect(await page.locator('section.card.critical').count()).toBeGreaterThan(3);
    // The stylesheet is inline and applied.
    const border = await page
      .locator('section.card.critical')
      .first()
      .evaluate((el) => getComputedStyle(el).borderLeftColor);
    expect(border).toBe('rgb(198, 40, 40)');
    const pdf = await page.pdf();
    expect(pdf.length).toBeGreaterThan(100_000);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'knowledge-report.png') });
    expect(errors).toEqual([]);
    await page.close();
    // A large page: printing it to PDF takes a while on a shared machine.
  }, 120_000);

  test("a card's source.url opens its topic page under the CSP, and its value-set links work", async () => {
    const request = pregnantPatientCall();
    const res = await fetch(`${base}/cds-services/hsg-order-sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const { cards } = (await res.json()) as CdsResponse;
    const pregnancy = cards.find((c) => c.source.topic?.code === 'pregnancy');
    expect(pregnancy?.source.url).toBe(`${base}/knowledge/findings/pregnancy`);
    const { page, errors } = await openPage(pregnancy!.source.url!);
    await expect(page.locator('h1').textContent()).resolves.toMatch(/Pregnancy/);
    const headerBorder = await page
      .locator('header.site')
      .evaluate((el) => getComputedStyle(el).borderBottomColor);
    expect(headerBorder).toBe('rgb(44, 93, 143)');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'knowledge-page-pregnancy.png'), fullPage: true });
    await page.click('a[href="../value-sets/pregnancy-condition"]');
    await expect(page.locator('h1').textContent()).resolves.toMatch(/pregnancy-condition/);
    await page.click('header.site a');
    await expect(page.locator('h1').textContent()).resolves.toBe('HSG CDS knowledge');
    expect(errors).toEqual([]);
    await page.close();
  });
});
