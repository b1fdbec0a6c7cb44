import express, { type Express } from 'express';

/**
 * The floor: a bare express 5 app with the service's JSON body parsing (same limit, media types and
 * non-strict mode as the CDS router) that answers every hook call with a fixed `{"cards":[]}`.
 */
export function createFloorApp(maxBodyBytes: number): Express {
  const app = express();
  app.disable('x-powered-by');
  const parseJson = express.json({
    limit: maxBodyBytes,
    type: ['application/json', 'application/*+json'],
    strict: false,
  });
  app.post('/cds-services/:id', parseJson, (_req, res) => {
    res.json({ cards: [] });
  });
  return app;
}
