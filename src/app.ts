import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { AuthenticatedClient } from './auth/index.js';
import { applyCardProfile } from './cards/card-profiles.js';
import type { Config } from './config/config.js';
import { knowledgeReleaseGate } from './knowledge/release-gate.js';
import { createKnowledgeRouter } from './knowledge-pages/knowledge-router.js';
import { CdsServiceError } from './errors.js';
import { FeedbackStoreUnavailableError, type FeedbackStore } from './feedback/feedback-store.js';
import type { Logger } from './observability/logger.js';
import { createOperationsRouter } from './observability/operations-router.js';
import { createReadinessChecks } from './observability/readiness-checks.js';
import type { ServiceMetrics } from './observability/service-metrics.js';
import type { HookCallObserver } from './protocol/hook-call-record.js';
import { createCdsRouter } from './protocol/http/cds-router.js';
import { createErrorHandler, sendOutcome } from './protocol/http/error-handler.js';
import { createServiceRegistry } from './protocol/registry.js';
import { validateFeedback } from './protocol/request-validation.js';
import type { ScreeningDeps } from './screening/screening-deps.js';
import { defineHsgServices } from './services/hsg-services.js';
import { planToTemplates } from './services/prefetch-plan.js';
import { createWorkbenchRouter, type WorkbenchRouterOptions } from './workbench/index.js';

/** Everything the app needs, built by main.ts (or a test); no module-level singletons. */
export interface AppDeps {
  readonly config: Config;
  /** Also the knowledge and clock of readiness and feedback: one of each per app. */
  readonly screening: ScreeningDeps;
  readonly feedbackStore: FeedbackStore;
  readonly logger: Logger;
  readonly observers?: readonly HookCallObserver[];
  /** Prometheus metrics: fed by every call; served at /metrics unless METRICS_PORT moves them. */
  readonly metrics?: ServiceMetrics;
  /** The HSG order workbench page; served when WORKBENCH_ENABLED (development default). */
  readonly workbench?: Omit<WorkbenchRouterOptions, 'config'>;
  readonly access?: {
    readonly authenticate?: RequestHandler;
    readonly checkFhirServer?: (fhirServer: string, caller: AuthenticatedClient | undefined) => void;
  };
}

function corsOptions(config: Config): cors.CorsOptions {
  return {
    origin: config.corsOrigins === '*' ? '*' : [...config.corsOrigins],
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    credentials: false,
    maxAge: 600,
  };
}

/** Composition root of the HTTP service. */
export function createApp(deps: AppDeps): Express {
  const { config, feedbackStore, logger, metrics } = deps;
  const { now, knowledge } = deps.screening;
  const releaseWarning = knowledgeReleaseGate(knowledge.release, config).warning;
  const registry = createServiceRegistry(defineHsgServices(planToTemplates(deps.screening.plan)));
  const app = express();
  app.disable('x-powered-by');
  // Responses are never cached (Cache-Control: no-store): hashing each body for an ETag is wasted work.
  app.set('etag', false);
  app.set('trust proxy', false);
  app.use(helmet());
  // Preflight is answered for every route, before and without authentication.
  app.use(cors(corsOptions(config)));
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Before the CDS router, which authenticates: probes and scrapers carry no CDS client JWT.
  app.use(
    createOperationsRouter({
      readiness: createReadinessChecks(knowledge, feedbackStore, releaseWarning),
      metrics: config.metricsEnabled && config.metricsPort === undefined ? metrics?.registry : undefined,
      logger,
    }),
  );
  // In every mode, before the CDS router's authentication: cards link here for clinicians.
  app.use(
    createKnowledgeRouter({
      knowledge,
      settings: deps.screening.settings,
      ...(releaseWarning ? { releaseWarning } : {}),
    }),
  );
  if (config.workbenchEnabled && deps.workbench)
    app.use(createWorkbenchRouter({ config, ...deps.workbench }));

  app.use(
    createCdsRouter({
      registry,
      deps: deps.screening,
      maxBodyBytes: config.maxBodyBytes,
      observers: [...(deps.observers ?? []), ...(metrics ? [metrics.hookCalls] : [])],
      authenticate: deps.access?.authenticate,
      checkFhirServer: deps.access?.checkFhirServer,
      renderForCaller: (response, caller) => applyCardProfile(response, caller?.client.cardProfile),
      onCardsIssued: (serviceId, hookInstance, cards) =>
        feedbackStore.recordIssuedCards(serviceId, hookInstance, cards, now()),
      onFeedback: async (serviceId, body) => {
        const items = validateFeedback(body);
        try {
          const stored = await feedbackStore.saveFeedback(serviceId, items, now());
          metrics?.feedback.onFeedbackStored(serviceId, stored);
          return stored.length;
        } catch (error) {
          if (!(error instanceof FeedbackStoreUnavailableError)) throw error;
          // Never a 200 for feedback that is not stored: the client keeps it and sends it again.
          logger.warn({ err: { message: error.message } }, 'feedback refused: the database is unavailable');
          metrics?.database.onFeedbackUnavailable();
          throw new CdsServiceError(
            503,
            'CDS-FEEDBACK-UNAVAILABLE',
            'The feedback could not be stored: the feedback database is unavailable. Send it again later.',
          );
        }
      },
    }),
  );

  app.use((req, res) => sendOutcome(res, 404, `No such endpoint: ${req.method} ${req.path}`, ['url']));
  app.use(createErrorHandler(logger));
  return app;
}
