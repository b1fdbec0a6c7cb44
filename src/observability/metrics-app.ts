import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import { createMetricsHandler } from './operations-router.js';

/** The app on METRICS_PORT: only GET /metrics, so the scrape port can stay inside the cluster. */
export function createMetricsApp(registry: Registry): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', createMetricsHandler(registry));
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found: this port serves GET /metrics only\n');
  });
  return app;
}
