import { performance } from 'node:perf_hooks';
import express, { type Request, type RequestHandler, Router } from 'express';
import { type AuthenticatedClient, getAuthenticatedClient } from '../../auth/index.js';
import { CdsServiceError } from '../../errors.js';
import type { CdsCard, CdsResponse } from '../cds-types.js';
import { countCardsByTopic, type HookCallObserver, type HookCallRecord } from '../hook-call-record.js';
import type { ServiceRegistry } from '../registry.js';
import { validateServiceRequest } from '../request-validation.js';
import type { CallContext } from '../service-definition.js';
import { sendOutcome, statusOf } from './error-handler.js';

export interface CdsRouterOptions<Deps> {
  readonly registry: ServiceRegistry<Deps>;
  readonly deps: Deps;
  readonly maxBodyBytes: number;
  readonly observers: readonly HookCallObserver[];
  /** Verifies the caller on every non-preflight request (sets res.locals.client). */
  readonly authenticate?: RequestHandler;
  /** Refuses a fhirServer the caller may not use (SSRF); throws a CdsServiceError. */
  readonly checkFhirServer?: (fhirServer: string, caller: AuthenticatedClient | undefined) => void;
  /** The response as the calling client's EHR can show it (its card profile); after onCardsIssued. */
  readonly renderForCaller?: (response: CdsResponse, caller: AuthenticatedClient | undefined) => CdsResponse;
  readonly onCardsIssued?: (serviceId: string, hookInstance: string, cards: readonly CdsCard[]) => void;
  /** Resolves to the number of new items once they are stored; rejects (e.g. 503) otherwise. */
  readonly onFeedback: (serviceId: string, body: unknown) => number | Promise<number>;
}

const JSON_TYPES = ['application/json', 'application/*+json'];
const FEEDBACK_PATH = '/cds-services/:id/feedback';

const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is(JSON_TYPES)) {
    next(
      new CdsServiceError(415, 'CDS-UNSUPPORTED-MEDIA-TYPE', 'Content-Type must be application/json', [
        'Content-Type',
      ]),
    );
    return;
  }
  next();
};

function methodNotAllowed(allowed: string): RequestHandler {
  return (_req, res) => {
    res.setHeader('Allow', allowed);
    sendOutcome(res, 405, `Method not allowed; use ${allowed}`);
  };
}

/**
 * The CDS Hooks HTTP surface: discovery, service calls and feedback. Delegation only; the services
 * and the registry hold the behaviour.
 */
export function createCdsRouter<Deps>(options: CdsRouterOptions<Deps>): Router {
  const router = Router();
  const parseJson = express.json({ limit: options.maxBodyBytes, type: JSON_TYPES, strict: false });
  const observe = (record: HookCallRecord) => options.observers.forEach((o) => o.onCall(record));
  if (options.authenticate) router.use(options.authenticate);

  router.get('/cds-services', (_req, res) => {
    res.json(options.registry.discovery());
  });
  router.all('/cds-services', methodNotAllowed('GET'));

  router.post('/cds-services/:id', requireJson, parseJson, async (req: Request<{ id: string }>, res) => {
    const started = performance.now();
    const annotations: Record<string, string | number | boolean> = {};
    const caller = getAuthenticatedClient(res);
    const body: unknown = req.body;
    const record: Partial<HookCallRecord> = {
      kind: 'hook',
      serviceId: req.params.id,
      issuer: caller?.iss,
      tenant: caller?.tenant,
    };
    try {
      const definition = options.registry.find(req.params.id);
      const request = validateServiceRequest(body, definition.hook);
      Object.assign(record, { hook: request.hook, hookInstance: request.hookInstance });
      if (request.fhirServer) options.checkFhirServer?.(request.fhirServer, caller);
      const abort = new AbortController();
      // Only a caller that hung up before the answer cancels the FHIR requests; aborting after every
      // answer would build a DOMException per call for nothing.
      res.on('close', () => {
        if (!res.writableFinished) abort.abort();
      });
      const callContext: CallContext = {
        ...(caller ? { issuer: caller.iss, ...(caller.tenant ? { tenant: caller.tenant } : {}) } : {}),
        signal: abort.signal,
        annotate: (fields) => Object.assign(annotations, fields),
      };
      const response: CdsResponse = await definition.handle({ request, caller: callContext }, options.deps);
      options.onCardsIssued?.(definition.id, request.hookInstance, response.cards);
      Object.assign(record, { status: 200, cards: countCardsByTopic(response.cards) });
      res.json(options.renderForCaller ? options.renderForCaller(response, caller) : response);
    } catch (error) {
      Object.assign(record, {
        status: statusOf(error),
        errorCode: error instanceof CdsServiceError ? error.code : 'CDS-INTERNAL',
      });
      throw error;
    } finally {
      observe({ ...record, durationMs: performance.now() - started, annotations } as HookCallRecord);
    }
  });

  router.post(FEEDBACK_PATH, requireJson, parseJson, async (req: Request<{ id: string }>, res) => {
    const started = performance.now();
    const caller = getAuthenticatedClient(res);
    let status = 500;
    try {
      const definition = options.registry.find(req.params.id);
      const added = await options.onFeedback(definition.id, req.body);
      status = 200;
      res.json({ stored: added });
    } catch (error) {
      status = statusOf(error);
      throw error;
    } finally {
      observe({
        kind: 'feedback',
        serviceId: req.params.id,
        issuer: caller?.iss,
        tenant: caller?.tenant,
        status,
        durationMs: performance.now() - started,
        annotations: {},
      });
    }
  });

  router.all('/cds-services/:id', methodNotAllowed('POST'));
  router.all('/cds-services/:id/feedback', methodNotAllowed('POST'));
  return router;
}
