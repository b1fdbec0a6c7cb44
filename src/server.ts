import type { Server } from 'node:http';
import { createApp } from './app.js';
import { createAccessControl } from './auth/access-control.js';
import type { Config } from './config/config.js';
import { createPrefetchOnlyDataSource } from './data/prefetch-only-data-source.js';
import { openFeedbackStore } from './feedback/feedback-store.js';
import { loadKnowledge } from './knowledge/load-knowledge.js';
import { createHookCallLogger } from './observability/log-hook-calls.js';
import { createLogger } from './observability/logger.js';
import { buildPrefetchPlan } from './services/prefetch-plan.js';

/** Start-up: config → knowledge → store → app → listen. Returns a stop function for graceful shutdown. */
export async function startServer(config: Config): Promise<{ server: Server; stop: () => Promise<void> }> {
  const logger = createLogger(config.logLevel);
  const access = createAccessControl(config, logger);
  if (access.warning) logger.warn(access.warning);
  const knowledge = loadKnowledge();
  const feedbackStore = openFeedbackStore(config.feedbackDb);
  const plan = buildPrefetchPlan(knowledge);
  const app = createApp({
    config,
    knowledge,
    feedbackStore,
    logger,
    observers: [createHookCallLogger(logger)],
    access,
    screening: {
      knowledge,
      plan,
      patientData: createPrefetchOnlyDataSource(),
      settings: { cycleDayWindow: config.cycleDayWindow, billingSetting: config.billingSetting },
      now: () => new Date(),
    },
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { port, knowledgeResources: knowledge.summary.length, nodeEnv: config.nodeEnv },
    `hsg-cds listening: http://localhost:${port}/cds-services`,
  );
  const stop = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    feedbackStore.close();
  };
  return { server, stop };
}
