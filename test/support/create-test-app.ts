import type { Express } from 'express';
import { createApp, type AppDeps } from '../../src/app.js';
import { createAccessControl } from '../../src/auth/access-control.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import type { FeedbackStore } from '../../src/feedback/feedback-store.js';
import { openSqliteFeedbackStore } from '../../src/feedback/sqlite-feedback-store.js';
import type { Knowledge } from '../../src/knowledge/knowledge.js';
import { loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { createLogger, type Logger } from '../../src/observability/logger.js';
import type { ServiceMetrics } from '../../src/observability/service-metrics.js';
import type { HookCallObserver } from '../../src/protocol/hook-call-record.js';
import { createScreeningDeps } from '../../src/screening/create-screening-deps.js';

let cachedKnowledge: Knowledge | undefined;

/** The real knowledge from fhir-profiles/, loaded once per test file. */
export function testKnowledge(): Knowledge {
  cachedKnowledge ??= loadKnowledge();
  return cachedKnowledge;
}

export interface TestApp {
  readonly app: Express;
  readonly store: FeedbackStore;
  readonly knowledge: Knowledge;
  readonly config: Config;
}

export interface TestAppOptions {
  readonly env?: Record<string, string>;
  readonly knowledge?: Knowledge;
  readonly store?: FeedbackStore;
  readonly now?: () => Date;
  readonly logger?: Logger;
  readonly observers?: readonly HookCallObserver[];
  readonly access?: AppDeps['access'];
  readonly metrics?: ServiceMetrics;
  readonly workbench?: AppDeps['workbench'];
}

/** The app as main.ts builds it, with an in-memory feedback store and a silent logger by default. */
export function createTestApp(options: TestAppOptions = {}): TestApp {
  const config = loadConfig({ NODE_ENV: 'test', ...options.env });
  const knowledge = options.knowledge ?? testKnowledge();
  const store = options.store ?? openSqliteFeedbackStore(':memory:');
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? createLogger('silent');
  const app = createApp({
    config,
    feedbackStore: store,
    logger,
    observers: options.observers ?? [],
    metrics: options.metrics,
    workbench: options.workbench,
    // As in production: trust comes from the env (CDS_TRUSTED_CLIENTS, CDS_TRUST_SANDBOX); none → auth off.
    access: options.access ?? createAccessControl(config, logger),
    screening: createScreeningDeps(config, knowledge, {
      now,
      onFhirRequest: (event) => options.metrics?.fhirRequests.onFhirRequest(event),
    }),
  });
  return { app, store, knowledge, config };
}
