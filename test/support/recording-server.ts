import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceivedRequest } from './fault-proxy.js';

/**
 * A loopback server that records every request it gets and answers each with a valid, empty
 * searchset (and a valid empty JWK Set shape): where a redirect or a crafted link would lead. A test
 * asserts that it saw nothing.
 */
export interface RecordingServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly received: readonly ReceivedRequest[];
  close(): Promise<void>;
}

export async function startRecordingServer(host = '127.0.0.1'): Promise<RecordingServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    received.push({ path: req.url ?? '/', authorization: req.headers.authorization !== undefined });
    res
      .writeHead(200, { 'content-type': 'application/fhir+json', connection: 'close' })
      .end(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [], keys: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
