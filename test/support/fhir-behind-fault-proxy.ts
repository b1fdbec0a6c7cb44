import type { Bundle } from 'fhir/r4.js';
import { startFhirServer, type FhirTestServer } from '../../src/dev/fhir-server/index.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

export interface FhirBehindFaultProxy {
  /** The real FHIR server (its `requests` show what reached it). */
  fhir: FhirTestServer;
  /** The proxy in front of it, with no fault until a test sets one. */
  proxy: FaultProxy;
}

/**
 * For a test file: the embedded FHIR server, seeded, behind a fault proxy; started once, with the
 * recorded requests and the fault reset before each test, and both closed at the end.
 */
export function useFhirBehindFaultProxy(options: {
  bearerToken: string;
  seed: () => Bundle[];
}): FhirBehindFaultProxy {
  const servers = {} as FhirBehindFaultProxy;
  beforeAll(async () => {
    servers.fhir = await startFhirServer({ bearerToken: options.bearerToken, seed: options.seed() });
    servers.proxy = await startFaultProxy({ target: servers.fhir.baseUrl, fault: { kind: 'none' } });
  });
  afterAll(async () => {
    await servers.proxy.close();
    await servers.fhir.close();
  });
  beforeEach(async () => {
    servers.fhir.resetRequests();
    await servers.proxy.setFault({ kind: 'none' });
  });
  return servers;
}
