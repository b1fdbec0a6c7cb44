import type { Response } from 'express';
import type { OperationOutcome } from 'fhir/r4.js';
import { buildOperationOutcome } from '../errors.js';

/**
 * Why a caller was refused. The reason is for the debug log only: the response never says which check
 * failed, so a caller cannot probe the trust configuration.
 */
export class AuthenticationError extends Error {
  constructor(readonly reason: string) {
    super('Authentication required');
    this.name = 'AuthenticationError';
  }
}

const WWW_AUTHENTICATE_VALUE = 'Bearer error="invalid_token"';

/** The same body for every failure: it never says which check failed. */
const UNAUTHORIZED_BODY: Readonly<OperationOutcome> = Object.freeze(
  buildOperationOutcome(401, 'Authentication required'),
);

/** Writes the one 401 response used for every authentication failure. */
export function sendUnauthorized(res: Response): void {
  res
    .status(401)
    .set('WWW-Authenticate', WWW_AUTHENTICATE_VALUE)
    .set('Cache-Control', 'no-store')
    .json(UNAUTHORIZED_BODY);
}
