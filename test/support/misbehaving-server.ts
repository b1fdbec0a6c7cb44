import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { streamHugeBundle, type StreamReport } from './streaming-faults.js';

/** How the server answers every request until told otherwise. */
export type Behaviour =
  | { kind: 'json'; body: unknown }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'status'; status: number }
  /** A JSON body streamed for about `bytes` bytes, without Content-Length. */
  | { kind: 'endless'; bytes: number }
  /** Declares a Content-Length of `bytes`, then sends a little and waits. */
  | { kind: 'declares'; bytes: number }
  /** Sends the start of a JSON body, then nothing more. */
  | { kind: 'stalls' }
  | { kind: 'not-json' };

/**
 * A loopback HTTP server for the service's outbound fetches (a `jku`, a FHIR server) that behaves as
 * told, records what reached it and reports how each streamed body ended.
 */
export interface MisbehavingServer {
  readonly url: string;
  readonly requests: number;
  readonly streams: readonly StreamReport[];
  /** Connections the client closed while the server still had more to send. */
  readonly cutOff: number;
  behave(behaviour: Behaviour): void;
  close(): Promise<void>;
}

function answer(behaviour: Behaviour, res: ServerResponse, streams: StreamReport[], onCut: () => void): void {
  const json = { 'content-type': 'application/json' };
  switch (behaviour.kind) {
    case 'json':
      return void res.writeHead(200, json).end(JSON.stringify(behaviour.body));
    case 'redirect':
      return void res.writeHead(behaviour.status, { location: behaviour.location }).end();
    case 'status':
      return void res.writeHead(behaviour.status, json).end('{}');
    case 'not-json':
      return void res.writeHead(200, json).end('<html>not json</html>');
    case 'endless':
      return void streamHugeBundle(res, 'none', behaviour.bytes).then((report) => {
        streams.push(report);
        if (!report.complete) onCut();
      });
    case 'declares':
    case 'stalls':
      res.writeHead(200, {
        ...json,
        ...(behaviour.kind === 'declares' ? { 'content-length': String(behaviour.bytes) } : {}),
      });
      res.write('{"keys":[');
      res.once('close', () => {
        if (!res.writableFinished) onCut();
      });
      return;
  }
}

export async function startMisbehavingServer(initial: Behaviour): Promise<MisbehavingServer> {
  let behaviour = initial;
  let requests = 0;
  let cutOff = 0;
  const streams: StreamReport[] = [];
  const server = createServer((_req, res) => {
    requests++;
    answer(behaviour, res, streams, () => cutOff++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    get requests() {
      return requests;
    },
    get cutOff() {
      return cutOff;
    },
    streams,
    behave: (next) => {
      behaviour = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
