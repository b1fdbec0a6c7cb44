import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle } from 'fhir/r4.js';
import { loadFhirDefinitions } from './fhir-definitions.js';
import { applyBundle, createFhirEngine } from './fhir-engine.js';
import type { RecordedRequest } from './recorded-request.js';
import { FHIR_BASE_PATH, handleHttpRequest } from './request-handler.js';
import type { HandlerContext } from './request-handler.js';

export interface FhirServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** When set, every request without exactly `Authorization: Bearer <token>` gets 401. */
  bearerToken?: string;
  /** Transaction or batch Bundles applied before the server is returned. */
  seed?: Bundle[];
  /** Page size for searches without `_count` (default 20, as HAPI). */
  defaultPageSize?: number;
  /**
   * Keep every request in `requests` (default true, for tests and the benchmark). A server that runs for
   * hours and is never asked (`npm run demo`, `npm run fhir-server`) turns it off, so memory stays flat.
   */
  recordRequests?: boolean;
}

export interface FhirTestServer {
  /** e.g. `http://127.0.0.1:4321/fhir/R4` (no trailing slash). */
  readonly baseUrl: string;
  /** Every request received since start or the last `resetRequests()`, oldest first (empty when not recorded). */
  readonly requests: RecordedRequest[];
  resetRequests(): void;
  seed(bundle: Bundle): Promise<void>;
  close(): Promise<void>;
}

/** Starts an in-memory FHIR R4 server with its own repository. */
export async function startFhirServer(options: FhirServerOptions = {}): Promise<FhirTestServer> {
  loadFhirDefinitions();
  const engine = createFhirEngine();
  const requests: RecordedRequest[] = [];
  const server = createServer();
  const address = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const ctx: HandlerContext = {
    engine,
    baseUrl: `http://${formatHost(address)}:${address.port}${FHIR_BASE_PATH}`,
    bearerToken: options.bearerToken,
    requests: options.recordRequests === false ? undefined : requests,
    defaultPageSize: options.defaultPageSize ?? 20,
    startedAt: new Date(),
  };
  server.on('request', (req, res) => void handleHttpRequest(ctx, req, res));

  const close = async (): Promise<void> => {
    await new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
  };
  try {
    for (const bundle of options.seed ?? []) await applyBundle(engine, bundle);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    baseUrl: ctx.baseUrl,
    requests,
    resetRequests: () => void requests.splice(0),
    seed: (bundle) => applyBundle(engine, bundle),
    close,
  };
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('Server has no TCP address'));
      else resolve(address);
    });
  });
}

function formatHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return '127.0.0.1';
  if (address.address === '::') return '[::1]';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}
