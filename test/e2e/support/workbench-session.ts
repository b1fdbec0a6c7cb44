import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { buildPageIntoTempDir } from './build-page.js';
import { EXAMPLES_NOW, readExampleBundles } from './example-patients.js';
import { startWorkbenchStack, type WorkbenchStack } from './workbench-stack.js';

/** What a workbench browser test reads; valid inside tests (set up by the file's hooks). */
export interface WorkbenchSession {
  readonly stack: WorkbenchStack;
  /** A fresh page in a fresh browser context for each test. */
  readonly page: Page;
  /** Console errors and uncaught exceptions of the page, CSP violations included. */
  readonly browserErrors: readonly string[];
}

/**
 * For a test file: the workbench page built once, the real service (trusted mode: every call carries a
 * sandbox-signed JWT) and the embedded FHIR server seeded with the example patients, and Chromium; a
 * new context and page per test. Everything is closed at the end.
 */
export function useWorkbenchSession(): WorkbenchSession {
  let assetsDir: string;
  let stack: WorkbenchStack | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    assetsDir = buildPageIntoTempDir();
    stack = await startWorkbenchStack({
      seed: readExampleBundles(),
      assetsDir,
      trustSandbox: true,
      now: () => EXAMPLES_NOW,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    rmSync(assetsDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    if (!browser) throw new Error('Chromium did not start');
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const opened = await context.newPage();
    browserErrors.splice(0);
    opened.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(message.text());
    });
    opened.on('pageerror', (error) => browserErrors.push(error.message));
    page = opened;
  });
  afterEach(async () => {
    await context?.close();
  });

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is only available inside a test`);
    return value;
  };
  return {
    get stack() {
      return required(stack, 'stack');
    },
    get page() {
      return required(page, 'page');
    },
    browserErrors,
  };
}
