import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AuthenticationError, sendUnauthorized } from './authentication-error.js';
import type { ClientAuthenticator } from './client-authenticator.js';
import type { AuthenticatedClient } from './trusted-client.js';

/**
 * Express middleware: authenticates every request except CORS preflight (which carries no
 * Authorization header), stores the caller in `res.locals.client`, and answers failures with the
 * generic 401 itself. With authentication off (development without trust config) it lets all through.
 */
export function requireClientAuth(authenticator: ClientAuthenticator): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS' || !authenticator.enabled) {
      next();
      return;
    }
    // originalUrl keeps the mount path, which the JWT audience includes; the query is not part of it.
    const path = req.originalUrl.split('?', 1)[0] ?? req.path;
    try {
      res.locals.client = await authenticator.authenticate({
        authorization: req.headers.authorization,
        path,
        localPort: req.socket.localPort,
      });
    } catch (error) {
      if (error instanceof AuthenticationError) {
        sendUnauthorized(res);
        return;
      }
      next(error);
      return;
    }
    next();
  };
}

/** The caller stored by `requireClientAuth`; undefined when authentication is off or skipped (OPTIONS). */
export function getAuthenticatedClient(res: Response): AuthenticatedClient | undefined {
  const client: unknown = res.locals.client;
  return typeof client === 'object' && client !== null && 'jti' in client
    ? (client as AuthenticatedClient)
    : undefined;
}
