import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../../src/project-root.js';

/** Debian's chromium package; `.ci/run` installs it when missing (Playwright cannot download browsers here). */
export const CHROMIUM = '/usr/bin/chromium';

/** Screenshots of failing tests go here (ignored by git). */
export const ARTIFACTS_DIR = join(projectRoot(), 'test', 'artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Runs the steps; when one fails, saves a full-page screenshot named after the test, then fails. */
export async function withScreenshotOnFailure(
  page: Page,
  name: string,
  steps: () => Promise<void>,
): Promise<void> {
  try {
    await steps();
  } catch (error) {
    await saveScreenshot(page, `workbench-${name}-failed`).catch(() => undefined);
    throw error;
  }
}
