import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle } from 'fhir/r4.js';
import { expectOperationOutcome, expectValidResponse } from './cds-requests.js';

/** What the fuzz suites share: their limits, the app on a loopback port, and what every answer must be. */

/** A healthy answer takes milliseconds; this long means the service hung. */
export const HANG_MS = 10_000;
/** For a whole property run on a slow shared CI machine; a single call is bounded by HANG_MS. */
export const PROPERTY_TIMEOUT_MS = 120_000;
/** Shrinking a failure can take long: stop in time to print the counterexample found so far. */
export const SHRINK_LIMIT_MS = 90_000;
/** Keys that would pollute a prototype if the service assigned them naively. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The own property names of the built-in prototypes, to show that no request added any. */
export function prototypeNames(): string[][] {
  return [Object.prototype, Array.prototype, Function.prototype].map((p) =>
    Object.getOwnPropertyNames(p).sort(),
  );
}

/** Serves `app` on a loopback port for the file's tests (listening before them, closed after them). */
export function useLoopbackServer(app: RequestListener): { readonly baseUrl: string } {
  const server = createServer(app);
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    get baseUrl() {
      return baseUrl;
    },
  };
}

/** Never a 5xx; a 4xx is an OperationOutcome; anything else is a 200 with a valid CDS Hooks response. */
export function expectWellFormedAnswer(answer: { status: number; text: string }, draftOrders?: Bundle): void {
  expect(answer.status).toBeLessThan(500);
  const body: unknown = JSON.parse(answer.text);
  if (answer.status >= 400) expectOperationOutcome(body);
  else {
    expect(answer.status).toBe(200);
    expectValidResponse(body, draftOrders);
  }
}
