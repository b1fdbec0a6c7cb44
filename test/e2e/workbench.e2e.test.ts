import { describe, expect, test } from '@jest/globals';
import { build } from 'esbuild';
import { projectRoot } from '../../src/project-root.js';
import { withScreenshotOnFailure } from './support/browser.js';
import { EXAMPLES_SCHEDULED_DATE, readExampleBundles } from './support/example-patients.js';
import { startBrowserReadableFhirServer } from './support/workbench-stack.js';
import { useWorkbenchSession } from './support/workbench-session.js';

/**
 * The workbench page in headless Chromium against the real service (trusted mode: every call carries a
 * sandbox-signed JWT) and the embedded FHIR server seeded with the synthetic example patients.
 */
const session = useWorkbenchSession();

const cards = (selector = '') => session.page.locator(`#cards article.card${selector}`);
const readyFor = (hook: string) => session.page.locator(`#cards[data-state="ready"][data-hook="${hook}"]`);

async function openPatient(patientId: string): Promise<void> {
  await session.page.goto(session.stack.pageUrl);
  await session.page.locator('body[data-ready="true"]').waitFor();
  await session.page.selectOption('#patient-select', patientId);
  await session.page.locator('#patient-facts .facts__group').first().waitFor();
  // Opening the chart fires patient-view; its answer comes first, so later answers are the order's.
  await readyFor('patient-view').waitFor();
}

/** Fills the order as a clinician would, choosing the procedure last so that one order-select answers it all. */
async function composeOrder(kind: string, reason = 'N97.9'): Promise<void> {
  await session.page.fill('input[name="scheduledDate"]', EXAMPLES_SCHEDULED_DATE);
  await session.page.check(`input[name="reason"][value="${reason}"]`);
  await session.page.check(`input[name="kind"][value="${kind}"]`);
  await readyFor('order-select').waitFor();
}

async function feedbackAnswered(serviceId: string): Promise<void> {
  await session.page
    .locator('.exchanges__item', { hasText: `feedback → ${serviceId} · HTTP 200` })
    .first()
    .waitFor();
}

describe('HSG order workbench in a browser', () => {
  test('the pregnant patient with an HSG order gets the critical pregnancy card, rendered like an EHR card', async () => {
    await withScreenshotOnFailure(session.page, 'pregnant', async () => {
      await openPatient('hsg-pregnant');
      await expect(session.page.locator('#patient-facts').textContent()).resolves.toMatch(
        /Choriogonadotropin/,
      );
      await composeOrder('hsg');

      const pregnancy = cards('[data-topic="pregnancy"]');
      await expect(pregnancy.getAttribute('data-indicator')).resolves.toBe('critical');
      await expect(cards().first().getAttribute('data-topic')).resolves.toBe('pregnancy');
      await expect(pregnancy.locator('.card__source').textContent()).resolves.toMatch(/hsg-cds.*Pregnancy/);
      const links = pregnancy.locator('.card__links a');
      expect(await links.count()).toBeGreaterThan(0);
      await expect(links.first().getAttribute('target')).resolves.toBe('_blank');
      await expect(links.first().getAttribute('rel')).resolves.toBe('noopener noreferrer');
      await expect(links.first().getAttribute('href')).resolves.toMatch(/^https:\/\//);

      // The inspector shows the exact request: order-select, the selected draft, prefetch, fhirServer, JWT.
      const request = JSON.parse(
        (await session.page.locator('.exchange__request').textContent()) ?? '{}',
      ) as Record<string, unknown>;
      expect(request).toMatchObject({ hook: 'order-select', fhirServer: session.stack.fhirBaseUrl });
      expect(Object.keys(request.prefetch as object).sort()).toEqual([
        'allergies',
        'conditions',
        'medicationAdministrations',
        'medications',
        'observations',
        'patient',
        'procedures',
      ]);
      await expect(session.page.locator('.exchange__auth').textContent()).resolves.toMatch(
        /"iss":"https:\/\/sandbox\.cds-hooks\.org"/,
      );
      await expect(session.page.locator('.exchange__ms').textContent()).resolves.toMatch(/^\d+ ms$/);
      expect(session.browserErrors).toEqual([]);
    });
  });

  test('replacing the HSG with sonohysterography changes the order and the contrast card goes away', async () => {
    await withScreenshotOnFailure(session.page, 'contrast-allergy', async () => {
      await openPatient('hsg-contrast-allergy-severe');
      await composeOrder('hsg');
      const contrastCard = cards('[data-topic="contrast-allergy"]');
      await expect(contrastCard.getAttribute('data-indicator')).resolves.toBe('critical');

      await contrastCard
        .locator('button.suggestion', { hasText: /saline infusion sonohysterography/i })
        .click();
      await readyFor('order-select').waitFor();

      await expect(
        session.page.locator('#basket .basket__order--current .basket__text').textContent(),
      ).resolves.toBe('Saline infusion sonohysterography');
      await expect(session.page.locator('#basket .basket__order').count()).resolves.toBe(1);
      await expect(session.page.isChecked('input[name="kind"][value="sis"]')).resolves.toBe(true);
      await expect(cards('[data-topic="contrast-allergy"]').count()).resolves.toBe(0);
      // Accepting also posts feedback, which may be the newest exchange: show the newest order-select call.
      await feedbackAnswered('hsg-order-select');
      await session.page
        .locator('.exchanges__item', { hasText: 'order-select → hsg-order-select' })
        .first()
        .click();
      const request = JSON.parse(
        (await session.page.locator('.exchange__request').textContent()) ?? '{}',
      ) as {
        context: { draftOrders: { entry: { resource: { code: { coding: { code: string }[] } } }[] } };
      };
      const codes = request.context.draftOrders.entry.map((e) => e.resource.code.coding.map((c) => c.code));
      expect(codes).toEqual([['76831', '58340']]);

      const accepted = (await session.stack.testApp.store.listFeedback()).filter(
        (row) => row.outcome === 'accepted',
      );
      expect(accepted).toEqual([expect.objectContaining({ topic: 'contrast-allergy' })]);
    });
  });

  test('dismissing a card with an override reason stores that feedback', async () => {
    await withScreenshotOnFailure(session.page, 'dismiss', async () => {
      await openPatient('hsg-pregnant');
      await composeOrder('hsg');
      const pregnancy = cards('[data-topic="pregnancy"]');
      const uuid = await pregnancy.getAttribute('data-card');
      await pregnancy.locator('button.card__dismiss').click();
      await pregnancy
        .locator('select.dismiss__reason')
        .selectOption({ label: 'Record is outdated or wrong' });
      await pregnancy.locator('input.dismiss__comment').fill('Test repeated today: negative');
      await pregnancy.locator('button.dismiss__confirm').click();
      await cards(`[data-card="${uuid}"]`).waitFor({ state: 'detached' });

      await feedbackAnswered('hsg-order-select');
      const rows = (await session.stack.testApp.store.listFeedback()).filter((row) => row.cardUuid === uuid);
      expect(rows).toEqual([
        expect.objectContaining({
          outcome: 'overridden',
          topic: 'pregnancy',
          overrideReasonCode: 'record-outdated',
        }),
      ]);
    });
  });

  test('signing sends order-sign with every draft order and shows its cards', async () => {
    await withScreenshotOnFailure(session.page, 'sign', async () => {
      await openPatient('hsg-clean');
      await composeOrder('hsg');
      await session.page.check('input[name="place"][value="office"]');
      await readyFor('order-select').waitFor();
      await session.page.click('#sign');
      await readyFor('order-sign').waitFor();

      await expect(cards('[data-topic="billing-codes"]').count()).resolves.toBe(1);
      await expect(session.page.locator('#cds-status').textContent()).resolves.toMatch(
        /^order-sign: \d+ cards? in \d+ ms$/,
      );
      const request = JSON.parse(
        (await session.page.locator('.exchange__request').textContent()) ?? '{}',
      ) as {
        hook: string;
        context: Record<string, unknown>;
      };
      expect(request.hook).toBe('order-sign');
      expect(request.context).not.toHaveProperty('selections');
      expect(session.browserErrors).toEqual([]);
    });
  });

  test('another FHIR base URL can be entered: the page reloads for it and lists that server’s patients', async () => {
    const clean = readExampleBundles().filter((bundle) =>
      bundle.entry?.some((entry) => entry.resource?.id === 'hsg-clean'),
    );
    const other = await startBrowserReadableFhirServer(clean);
    try {
      await withScreenshotOnFailure(session.page, 'other-fhir-server', async () => {
        await session.page.goto(session.stack.pageUrl);
        await session.page.locator('body[data-ready="true"]').waitFor();
        await session.page.fill('#fhir-server', other.baseUrl);
        await session.page.click('#fhir-form button[type="submit"]');
        await session.page.waitForURL((url) => url.searchParams.get('fhirServer') === other.baseUrl);
        await session.page.locator('body[data-ready="true"]').waitFor();
        const options = await session.page.locator('#patient-select option').allTextContents();
        expect(options.slice(1)).toEqual([expect.stringMatching(/\(hsg-clean\)$/)]);
        // The page's CSP was built for the new server, so the browser let the page read it.
        expect(session.browserErrors).toEqual([]);
      });
    } finally {
      await other.close();
    }
  });

  test('card markdown is rendered without HTML and with only http(s) links, opening in a new tab', async () => {
    const bundle = await build({
      stdin: {
        contents:
          "import { createMarkdownRenderer } from './src/workbench/client/markdown.ts';\n" +
          'Object.assign(window, { renderCardMarkdown: createMarkdownRenderer(window) });',
        resolveDir: projectRoot(),
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'iife',
      logLevel: 'silent',
    });
    await session.page.setContent('<!doctype html><title>markdown</title><body></body>');
    await session.page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
    const hostile = [
      '**Bold** <img src=x onerror="window.pwned=true"> <script>window.pwned=true</script>',
      '[js](javascript:window.pwned=true) [data](data:text/html,hi) [relative](/cds-services)',
      '[guideline](https://www.acr.org/hsg) <https://example.org/auto>',
    ].join('\n\n');
    const rendered = await session.page.evaluate((markdown) => {
      const render = (window as unknown as { renderCardMarkdown: (md: string) => DocumentFragment })
        .renderCardMarkdown;
      const host = document.createElement('div');
      host.append(render(markdown));
      document.body.append(host);
      const links = Array.from(host.querySelectorAll('a')).map((a) => ({
        text: a.textContent,
        href: a.getAttribute('href'),
        target: a.getAttribute('target'),
        rel: a.getAttribute('rel'),
      }));
      return { links, elements: host.querySelectorAll('img, script').length, text: host.textContent ?? '' };
    }, hostile);

    expect(rendered.elements).toBe(0);
    expect(rendered.text).toContain('<img src=x onerror=');
    expect(
      await session.page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned),
    ).toBeUndefined();
    expect(rendered.links).toEqual([
      { text: 'relative', href: null, target: null, rel: null },
      { text: 'guideline', href: 'https://www.acr.org/hsg', target: '_blank', rel: 'noopener noreferrer' },
      {
        text: 'https://example.org/auto',
        href: 'https://example.org/auto',
        target: '_blank',
        rel: 'noopener noreferrer',
      },
    ]);
  });
});
