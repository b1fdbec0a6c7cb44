import type { Express } from 'express';
import { createAccessControl } from '../../../src/auth/access-control.js';
import { loadConfig, type Config } from '../../../src/config/config.js';
import { createLogger } from '../../../src/observability/logger.js';
import { createTestApp, type TestApp } from '../../support/create-test-app.js';
import { sandboxKey } from '../../support/sign-jwt.js';

export interface WorkbenchAppOptions {
  /** Environment as for loadConfig (NODE_ENV defaults to test). */
  readonly env?: Record<string, string>;
  readonly assetsDir: string;
  readonly defaultFhirServer?: string;
  readonly now?: () => Date;
}

export interface WorkbenchApp {
  readonly app: Express;
  readonly testApp: TestApp;
  readonly config: Config;
  readonly authEnabled: boolean;
}

/** The service app with the workbench mounted as createApp mounts it; the sandbox key comes from the test fixtures. */
export function createWorkbenchTestApp(options: WorkbenchAppOptions): WorkbenchApp {
  const env = { NODE_ENV: 'test', ...options.env };
  const config = loadConfig(env);
  const access = createAccessControl(config, createLogger('silent'));
  const testApp = createTestApp({
    env,
    access,
    now: options.now,
    workbench: {
      authEnabled: access.authEnabled,
      defaultFhirServer: options.defaultFhirServer,
      assetsDir: options.assetsDir,
      loadSandboxKey: () => sandboxKey(),
    },
  });
  return { app: testApp.app, testApp, config, authEnabled: access.authEnabled };
}
