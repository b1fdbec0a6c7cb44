import { Router, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';
import type { ReadinessCheck, ReadinessResult } from './readiness-checks.js';

export interface OperationsRouterOptions {
  readonly readiness: readonly ReadinessCheck[];
  /** Serves GET /metrics when given. */
  readonly metrics?: Registry;
  readonly logger: Logger;
}

/** GET /metrics in the Prometheus text format. */
export function createMetricsHandler(registry: Registry): RequestHandler {
  return async (_req, res) => {
    const body = await registry.metrics();
    res.type(registry.contentType).send(body);
  };
}

function runCheck(check: ReadinessCheck, logger: Logger): ReadinessResult {
  try {
    return check.check();
  } catch (error) {
    logger.warn({ check: check.name, err: { message: (error as Error).message } }, 'readiness check failed');
    return { ok: false, detail: 'check failed' };
  }
}

/**
 * Liveness, readiness and metrics for orchestrators and scrapers. Mounted before the CDS router, so
 * these answer without a CDS client JWT; none of them reveals patient data.
 */
export function createOperationsRouter(options: OperationsRouterOptions): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const checks = options.readiness.map((c) => ({ name: c.name, ...runCheck(c, options.logger) }));
    const failing = checks.filter((c) => !c.ok).map((c) => c.name);
    if (failing.length === 0) {
      res.json({ status: 'ready', checks });
      return;
    }
    res.status(503).json({ status: 'not-ready', failing, checks });
  });
  if (options.metrics) router.get('/metrics', createMetricsHandler(options.metrics));
  return router;
}
