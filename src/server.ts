import { createServer, type RequestListener, type Server } from 'node:http';
import { createApp } from './app.js';
import { createAccessControl } from './auth/access-control.js';
import { loadTrustConfig } from './auth/index.js';
import type { Config } from './config/config.js';
import { StartupError } from './errors.js';
import { openStorage } from './feedback/open-storage.js';
import { loadKnowledge } from './knowledge/load-knowledge.js';
import { loadSiteOrderCodes } from './orders/site-order-codes.js';
import { knowledgeReleaseGate } from './knowledge/release-gate.js';
import { trackForGracefulClose } from './observability/http-server-closer.js';
import { createHookCallLogger } from './observability/log-hook-calls.js';
import { createLogger } from './observability/logger.js';
import { createMetricsApp } from './observability/metrics-app.js';
import { createServiceMetrics } from './observability/service-metrics.js';
import { createScreeningDeps } from './screening/create-screening-deps.js';
import { hsgServiceIds } from './services/hsg-services.js';

/** How long in-flight calls may take to finish after SIGTERM before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  readonly server: Server;
  /** Present when METRICS_PORT puts /metrics on its own port. */
  readonly metricsServer?: Server;
  /** Stops accepting, finishes in-flight calls, closes the feedback database. Safe to call twice. */
  readonly stop: () => Promise<void>;
}

interface Listening {
  readonly server: Server;
  readonly close: (graceMs: number) => Promise<void>;
}

async function listen(app: RequestListener, port: number, host: string): Promise<Listening> {
  const server = createServer(app);
  const close = trackForGracefulClose(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, close };
}

function portOf(server: Server): number | undefined {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : undefined;
}

/** Start-up: config → knowledge → store → app → listen. Returns a stop function for graceful shutdown. */
export async function startServer(config: Config): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  // Knowledge first: a release production refuses stops start-up before anything is opened.
  const siteOrderCodes = config.siteOrderCodesFile
    ? loadSiteOrderCodes(config.siteOrderCodesFile)
    : undefined;
  const knowledge = loadKnowledge(undefined, { valueSetSupplements: siteOrderCodes?.supplements });
  if (siteOrderCodes) logger.info({ siteOrderCodes: siteOrderCodes.codeCount }, 'site order codes loaded');
  const gate = knowledgeReleaseGate(knowledge.release, config);
  if (gate.refusal) throw new StartupError(gate.refusal);
  if (gate.warning) logger.warn({ knowledgeVersion: knowledge.release.version }, gate.warning);
  // The trusted-clients file too: a broken one stops start-up before the database is opened or migrated.
  const trust = loadTrustConfig(config);
  // The metrics are created below, before any call: the fallback counter reaches them then.
  const storage = await openStorage(config, {
    logger,
    onReplayFallback: () => metrics?.database.onReplayFallback(),
  });
  const { feedbackStore } = storage;
  const access = createAccessControl(config, logger, { trust, replayCache: storage.replayCache });
  if (access.warning) logger.warn(access.warning);
  // The data source reports each FHIR request to the metrics, created just below (before any request).
  const screening = createScreeningDeps(config, knowledge, {
    onFhirRequest: (event) => metrics?.fhirRequests.onFhirRequest(event),
  });
  const metrics = config.metricsEnabled
    ? createServiceMetrics({
        knowledge,
        plan: screening.plan,
        serviceIds: hsgServiceIds(),
        processMetrics: true,
      })
    : undefined;
  const app = createApp({
    config,
    feedbackStore,
    logger,
    observers: [createHookCallLogger(logger, { knowledgeVersion: knowledge.release.version })],
    metrics,
    access,
    workbench: { authEnabled: access.authEnabled, defaultFhirServer: config.workbenchFhirServer },
    screening,
  });
  const listening: Listening[] = [];
  try {
    listening.push(await listen(app, config.port, config.host));
    if (metrics && config.metricsPort !== undefined) {
      listening.push(await listen(createMetricsApp(metrics.registry), config.metricsPort, config.host));
    }
  } catch (error) {
    await Promise.all(listening.map((l) => l.close(0)));
    await storage.close();
    throw error;
  }
  const [main, metricsListening] = listening as [Listening, Listening | undefined];
  const port = portOf(main.server) ?? config.port;
  logger.info(
    {
      port,
      metricsPort: metricsListening ? portOf(metricsListening.server) : undefined,
      knowledgeResources: knowledge.summary.length,
      knowledgeVersion: knowledge.release.version,
      knowledgeStatus: knowledge.release.status,
      nodeEnv: config.nodeEnv,
    },
    `hsg-cds listening: http://localhost:${port}/cds-services`,
  );

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      logger.info('shutting down: refusing new connections, finishing in-flight calls');
      await Promise.all(listening.map((l) => l.close(SHUTDOWN_GRACE_MS)));
      await storage.close();
      logger.info('stopped');
    })();
    return stopped;
  };
  return { server: main.server, metricsServer: metricsListening?.server, stop };
}
