import type { Server, ServerResponse } from 'node:http';

/**
 * Graceful close for an HTTP server: stop accepting, let in-flight requests finish, and close each
 * keep-alive connection once its last response is sent (plain `server.close()` would wait for the
 * keep-alive timeout). After `graceMs` the remaining connections are cut.
 * Attach right after the server is created, so in-flight responses are known.
 */
export function trackForGracefulClose(server: Server): (graceMs: number) => Promise<void> {
  const inFlight = new Set<ServerResponse>();
  let stopping = false;
  let closed: Promise<void> | undefined;
  const refuseKeepAlive = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    if (stopping) refuseKeepAlive(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (stopping) server.closeIdleConnections();
    });
  });
  return (graceMs) => {
    stopping = true;
    closed ??= new Promise<void>((resolve) => {
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      cut.unref();
      server.close(() => {
        clearTimeout(cut);
        resolve();
      });
      inFlight.forEach(refuseKeepAlive);
      server.closeIdleConnections();
    });
    return closed;
  };
}
