import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Bundle, FhirResource, Patient } from 'fhir/r4.js';
import type { CdsResponse, CdsServiceDescriptor } from '../src/protocol/cds-types.js';
import { demoConfig } from '../src/dev/demo-config.js';
import { startFhirServer, type FhirTestServer } from '../src/dev/fhir-server/index.js';
import { shiftBundleDates } from '../src/dev/shift-dates.js';
import { startServer, type RunningServer } from '../src/server.js';
import { expectValidResponse } from './support/cds-requests.js';
import { signClientJwt } from './support/sign-jwt.js';
import { EXAMPLES_NOW, readChartTable, readExampleBundles } from './e2e/support/example-patients.js';

/*
 * `npm run demo` (the embedded FHIR server with the example patients moved to today, the service in
 * development mode with CDS_TRUST_SANDBOX=true and no PUBLIC_BASE_URL) driven the way the CDS Hooks
 * sandbox drives an EHR session (cds-hooks/sandbox at 3b7e255, read, not copied): it lists patients with
 * one GET of Patient and names them from name[0].given and family; it adds a service by its discovery
 * URL, typed here with 127.0.0.1; it fills each prefetch template with a form-encoded POST [type]/_search
 * (a GET for a read); and its Patient View tab sends patient-view with a JWT whose aud is the service URL.
 */
const USER = 'Practitioner/COREPRACTITIONER1';
const FHIR_JSON = 'application/json+fhir';

let fhir: FhirTestServer;
let cds: RunningServer;
let discoveryUrl: string;

beforeAll(async () => {
  const now = new Date();
  const seed: Bundle[] = readExampleBundles().map((bundle) => shiftBundleDates(bundle, EXAMPLES_NOW, now));
  fhir = await startFhirServer({ seed });
  cds = await startServer(
    demoConfig(fhir.baseUrl, {
      PORT: '0',
      HOST: '127.0.0.1',
      CDS_TRUST_SANDBOX: 'true',
      FEEDBACK_DB: ':memory:',
      LOG_LEVEL: 'silent',
    }),
  );
  discoveryUrl = `http://127.0.0.1:${(cds.server.address() as AddressInfo).port}/cds-services`;
});

afterAll(async () => {
  await cds.stop();
  await fhir.close();
});

async function json<T>(response: Response): Promise<T> {
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** The sandbox's patient list: one page of Patient, each named `given family`. */
async function listPatients(): Promise<{ id: string; name: string }[]> {
  const bundle = await json<Bundle>(
    await fetch(`${fhir.baseUrl}/Patient`, { headers: { Accept: FHIR_JSON } }),
  );
  return (bundle.entry ?? []).map((entry) => {
    const patient = entry.resource as Patient;
    const [name] = patient.name ?? [];
    return { id: patient.id ?? '', name: `${name?.given?.join(' ')} ${name?.family}` };
  });
}

async function discover(): Promise<CdsServiceDescriptor[]> {
  const headers = {
    Accept: 'application/json',
    Authorization: `Bearer ${await signClientJwt(discoveryUrl)}`,
  };
  return (await json<{ services: CdsServiceDescriptor[] }>(await fetch(discoveryUrl, { headers }))).services;
}

/** Each template filled as the sandbox fills it: searches by POST _search with a form body, reads by GET. */
async function fillPrefetch(
  service: CdsServiceDescriptor,
  patientId: string,
): Promise<Record<string, FhirResource>> {
  const prefetch: Record<string, FhirResource> = {};
  for (const [key, template] of Object.entries(service.prefetch ?? {})) {
    const filled = template
      .replace(/\{\{\s*context\.patientId\s*\}\}/g, patientId)
      .replace(/\{\{\s*context\.userId\s*\}\}/g, USER);
    const [path, query] = filled.split('?');
    const response = query
      ? await fetch(`${fhir.baseUrl}/${path}/_search`, {
          method: 'POST',
          headers: { Accept: FHIR_JSON, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(query).toString(),
        })
      : await fetch(`${fhir.baseUrl}/${path}`, { headers: { Accept: FHIR_JSON } });
    prefetch[key] = await json<FhirResource>(response);
  }
  return prefetch;
}

async function callService(service: CdsServiceDescriptor, patientId: string): Promise<CdsResponse> {
  const url = `${discoveryUrl}/${service.id}`;
  const body = {
    hookInstance: randomUUID(),
    hook: service.hook,
    fhirServer: fhir.baseUrl,
    context: { patientId, userId: USER },
    prefetch: await fillPrefetch(service, patientId),
  };
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: `Bearer ${await signClientJwt(url)}`,
    },
    body: JSON.stringify(body),
  });
  return json<CdsResponse>(response);
}

describe('the CDS Hooks sandbox against npm run demo', () => {
  it('lists every demo patient on one page, each with a given and family name', async () => {
    const patients = await listPatients();
    expect(patients.map((p) => p.id).sort()).toEqual(
      readChartTable()
        .map((row) => row.id)
        .sort(),
    );
    for (const patient of patients) expect(patient.name).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+)* [A-Z][a-z]+$/);
  });

  it('adds the service by its 127.0.0.1 discovery URL and finds the patient-view service', async () => {
    const services = await discover();
    expect(services.find((s) => s.hook === 'patient-view')?.id).toBe('hsg-patient-view');
  });

  it('Patient View: the right cards for each chart, all data prefetched by POST _search', async () => {
    const service = (await discover()).find((s) => s.hook === 'patient-view')!;
    for (const row of readChartTable()) {
      fhir.resetRequests();
      const response = await callService(service, row.id);
      expectValidResponse(response);
      const shown = response.cards.map((card) => `${card.source.topic?.code}:${card.indicator}`).sort();
      expect({ id: row.id, cards: shown }).toEqual({ id: row.id, cards: row.cards });
      // Only the sandbox's own prefetch requests reached the FHIR server: the service asked nothing more.
      const searches = fhir.requests.filter((r) => r.interaction === 'search');
      expect(searches.every((r) => r.method === 'POST')).toBe(true);
      expect(fhir.requests).toHaveLength(Object.keys(service.prefetch ?? {}).length);
    }
  });
});
