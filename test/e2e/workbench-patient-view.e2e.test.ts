import { describe, expect, test } from '@jest/globals';
import { withScreenshotOnFailure } from './support/browser.js';
import { useWorkbenchSession } from './support/workbench-session.js';

/**
 * The workbench's patient-view path in headless Chromium: opening a chart fires patient-view (as an EHR
 * does), against the real service with sandbox-signed JWTs and the embedded FHIR server seeded with the
 * example patients, whose charts hold pending or no-longer-pending HSG orders.
 */
const session = useWorkbenchSession();

const cards = (selector = '') => session.page.locator(`#cards article.card${selector}`);
const patientViewAnswered = () =>
  session.page.locator('#cards[data-state="ready"][data-hook="patient-view"]');
const patientViewExchanges = () =>
  session.page.locator('.exchanges__item', { hasText: 'patient-view → hsg-patient-view · HTTP 200' });

async function openChart(patientId: string): Promise<void> {
  await session.page.goto(session.stack.pageUrl);
  await session.page.locator('body[data-ready="true"]').waitFor();
  await session.page.selectOption('#patient-select', patientId);
  await patientViewAnswered().waitFor();
}

describe('HSG order workbench: opening a chart (patient-view)', () => {
  test('a chart with a pending HSG order shows its critical card before any order is composed', async () => {
    await withScreenshotOnFailure(session.page, 'patient-view-pregnant', async () => {
      await openChart('hsg-pregnant');
      await expect(cards().count()).resolves.toBe(1);
      await expect(cards('[data-topic="pregnancy"]').getAttribute('data-indicator')).resolves.toBe(
        'critical',
      );
      await expect(session.page.locator('#cds-status').textContent()).resolves.toMatch(
        /^patient-view: 1 card in \d+ ms$/,
      );
      await expect(session.page.locator('#patient-facts').textContent()).resolves.toMatch(
        /Pending orders in the chart.*Hysterosalpingogram.*draft/s,
      );
      await expect(session.page.locator('#patient-select option:checked').textContent()).resolves.toBe(
        'Amara Nwosu · Synthetic — pregnant (hsg-pregnant)',
      );

      // The inspector shows a patient-view request: no orders in the context, the pending ones prefetched.
      const request = JSON.parse(
        (await session.page.locator('.exchange__request').textContent()) ?? '{}',
      ) as {
        hook: string;
        context: Record<string, unknown>;
        prefetch: Record<string, { entry?: { resource: { id: string } }[] }>;
      };
      expect(request.hook).toBe('patient-view');
      expect(Object.keys(request.context).sort()).toEqual(['patientId', 'userId']);
      expect(request.prefetch.pendingOrders?.entry?.map((e) => e.resource.id)).toEqual([
        'hsg-pregnant-order',
      ]);
      expect(session.browserErrors).toEqual([]);
    });
  });

  test('a warning-only chart shows the warning; info findings are left out', async () => {
    await withScreenshotOnFailure(session.page, 'patient-view-warning', async () => {
      await openChart('hsg-hydrosalpinx');
      await expect(
        cards('[data-topic="antibiotic-prophylaxis"]').getAttribute('data-indicator'),
      ).resolves.toBe('warning');
      await openChart('hsg-no-recent-hcg');
      await expect(cards().count()).resolves.toBe(0);
    });
  });

  test('a chart whose HSG order is revoked gets no cards; the button opens the chart again', async () => {
    await withScreenshotOnFailure(session.page, 'patient-view-none', async () => {
      await openChart('hsg-contrast-allergy-mild');
      await expect(cards().count()).resolves.toBe(0);
      await expect(session.page.locator('#cards .cards__none').textContent()).resolves.toMatch(
        /no pending HSG order/,
      );
      await patientViewExchanges().first().waitFor();
      const before = await patientViewExchanges().count();
      await session.page.click('#open-chart');
      await patientViewExchanges().nth(before).waitFor();
      await patientViewAnswered().waitFor();
      expect(session.browserErrors).toEqual([]);
    });
  });
});
