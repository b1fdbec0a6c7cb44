import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import createDebug from 'debug';
import { Client } from 'fhir-kit-client';
import { silenceFhirClientDebug } from './fhir-client-debug.js';

const TOKEN = 'secret-access-token-of-the-ehr';
const PATIENT_ID = 'patient-id-debugleak';
const PATIENT_NAME = 'Jane Debugleak';

let server: Server;
let baseUrl: string;
const printed: string[] = [];
const originalLog = createDebug.log;

beforeAll(async () => {
  // A failing search whose error body names the patient: the library prints such bodies.
  server = createServer((_req, res) => {
    res.statusCode = 500;
    res.setHeader('content-type', 'application/fhir+json');
    res.end(
      JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: [{ diagnostics: `no data for ${PATIENT_NAME}` }],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  createDebug.log = (...args: unknown[]) => printed.push(args.map(String).join(' '));
});

afterEach(() => {
  createDebug.disable();
  printed.length = 0;
});

afterAll(async () => {
  createDebug.log = originalLog;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function searchConditions(): Promise<void> {
  const client = new Client({ baseUrl, bearerToken: TOKEN });
  await client
    .search({ resourceType: 'Condition', searchParams: { patient: PATIENT_ID } })
    .catch(() => undefined);
}

const leaked = () =>
  [TOKEN, PATIENT_ID, PATIENT_NAME].filter((secret) => printed.join('\n').includes(secret));

describe('silenceFhirClientDebug', () => {
  test('DEBUG=* would print the patient id and an error body naming the patient; silenced, nothing is', async () => {
    createDebug.enable('*');
    await searchConditions();
    expect(leaked()).toEqual([PATIENT_ID, PATIENT_NAME]);
    printed.length = 0;

    expect(silenceFhirClientDebug()).toBe(true);
    await searchConditions();
    expect(leaked()).toEqual([]);
  });

  test('keeps the other namespaces on', () => {
    createDebug.enable('fhir-kit-client:*,express:router');
    expect(silenceFhirClientDebug()).toBe(true);
    expect(createDebug.enabled('fhir-kit-client:info')).toBe(false);
    expect(createDebug.enabled('fhir-kit-client:error')).toBe(false);
    expect(createDebug.enabled('express:router')).toBe(true);
  });

  test('does nothing and says so when the library was not printing', () => {
    createDebug.enable('express:*');
    expect(silenceFhirClientDebug()).toBe(false);
    expect(createDebug.enabled('express:router')).toBe(true);
  });
});
