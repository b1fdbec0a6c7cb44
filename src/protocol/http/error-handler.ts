import type { ErrorRequestHandler, Response } from 'express';
import { AuthenticationError, sendUnauthorized } from '../../auth/index.js';
import { buildOperationOutcome, CdsServiceError } from '../../errors.js';
import type { Logger } from '../../observability/logger.js';

/** body-parser's error types → status and message. */
const BODY_ERRORS: Record<string, { status: number; message: string }> = {
  'entity.parse.failed': { status: 400, message: 'The request body is not valid JSON' },
  'entity.too.large': { status: 413, message: 'The request body is larger than the service accepts' },
  'encoding.unsupported': { status: 415, message: 'The request body encoding is not supported' },
  'charset.unsupported': { status: 415, message: 'The request body charset is not supported (use UTF-8)' },
  'request.aborted': { status: 400, message: 'The request was aborted by the client' },
};

export function sendOutcome(
  res: Response,
  status: number,
  message: string,
  locations: readonly string[] = [],
  code?: string,
) {
  res
    .status(status)
    .type('application/fhir+json')
    .json(buildOperationOutcome(status, message, locations, code));
}

/** The body parser's error (too large, not JSON, …) as the client is told it. */
function bodyErrorOf(error: unknown) {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? BODY_ERRORS[type] : undefined;
}

/** Maps any error to the status the client sees. */
export function statusOf(error: unknown): number {
  if (error instanceof CdsServiceError) return error.status;
  if (error instanceof AuthenticationError) return 401;
  return bodyErrorOf(error)?.status ?? 500;
}

/** The only place errors become HTTP responses: always an OperationOutcome, never a stack trace. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error instanceof AuthenticationError) {
      sendUnauthorized(res);
      return;
    }
    if (error instanceof CdsServiceError) {
      sendOutcome(res, error.status, error.message, error.locations, error.code);
      return;
    }
    const bodyError = bodyErrorOf(error);
    if (bodyError) {
      sendOutcome(res, bodyError.status, bodyError.message, ['(body)']);
      return;
    }
    logger.error(
      {
        err:
          error instanceof Error
            ? { name: error.name, message: error.message, stack: error.stack }
            : String(error),
        path: req.path,
      },
      'unhandled error',
    );
    sendOutcome(res, 500, 'Internal error: the service could not process the request', [], 'CDS-INTERNAL');
  };
}
