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

async function runCheck(check: ReadinessCheck, logger: Logger): Promise<ReadinessResult> {
  try {
    return await check.check();
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
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      options.readiness.map(async (c) => ({ check: c, result: await runCheck(c, options.logger) })),
    );
    const checks = results.map(({ check, result }) => ({ name: check.name, ...result }));
    const failing = results.filter(({ result }) => !result.ok).map(({ check }) => check);
    if (failing.length === 0) {
      res.json({ status: 'ready', checks });
      return;
    }
    const names = failing.map((c) => c.name);
    if (failing.some((c) => c.critical)) {
      res.status(503).json({ status: 'not-ready', failing: names, checks });
      return;
    }
    res.json({ status: 'degraded', failing: names, checks });
  });
  if (options.metrics) router.get('/metrics', createMetricsHandler(options.metrics));
  return router;
}
