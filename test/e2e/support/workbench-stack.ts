import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle } from 'fhir/r4.js';
import { startFhirServer, type FhirTestServer } from '../../../src/dev/fhir-server/index.js';
import type { TestApp } from '../../support/create-test-app.js';
import { createWorkbenchTestApp } from './workbench-app.js';

export interface WorkbenchStackOptions {
  readonly seed: readonly Bundle[];
  /** The built page (scripts/build-workbench.mjs --outdir). */
  readonly assetsDir: string;
  /** Turns authentication on with the sandbox as the trusted client, and lets the page sign its tokens. */
  readonly trustSandbox?: boolean;
  readonly now?: () => Date;
}

export interface WorkbenchStack {
  /** e.g. http://127.0.0.1:4321 */
  readonly origin: string;
  /** The FHIR base URL the page uses. */
  readonly fhirBaseUrl: string;
  /** The workbench page for that FHIR server. */
  readonly pageUrl: string;
  readonly testApp: TestApp;
  readonly fhir: FhirTestServer;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The embedded FHIR server (it sends CORS headers, so the page on another origin can read it). */
export interface BrowserReadableFhirServer {
  readonly fhir: FhirTestServer;
  /** The base URL the page uses. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function startBrowserReadableFhirServer(
  seed: readonly Bundle[],
): Promise<BrowserReadableFhirServer> {
  const fhir = await startFhirServer({ seed: [...seed] });
  return { fhir, baseUrl: fhir.baseUrl, close: () => fhir.close() };
}

/**
 * The service as a real listening server with the workbench mounted, and the embedded FHIR server
 * seeded with the given patients.
 */
export async function startWorkbenchStack(options: WorkbenchStackOptions): Promise<WorkbenchStack> {
  const readable = await startBrowserReadableFhirServer(options.seed);
  const fhirBaseUrl = readable.baseUrl;
  const server = createServer();
  const origin = await listen(server);

  const { app, testApp } = createWorkbenchTestApp({
    env: { PUBLIC_BASE_URL: origin, ...(options.trustSandbox ? { CDS_TRUST_SANDBOX: 'true' } : {}) },
    assetsDir: options.assetsDir,
    defaultFhirServer: fhirBaseUrl,
    now: options.now,
  });
  server.on('request', app);

  return {
    origin,
    fhirBaseUrl,
    pageUrl: `${origin}/workbench/?${new URLSearchParams({ fhirServer: fhirBaseUrl }).toString()}`,
    testApp,
    fhir: readable.fhir,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await readable.close();
      testApp.store.close();
    },
  };
}
