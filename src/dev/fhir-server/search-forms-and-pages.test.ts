import type { Bundle, FhirResource, OperationOutcome } from 'fhir/r4.js';
import { startFhirServer, type FhirTestServer } from './fhir-server.js';
import { PATIENT_PAGE_SIZE } from './request-handler.js';

/** What EHR-like clients ask of a FHIR server besides GET searches (the CDS Hooks sandbox, among others). */

const PATIENTS = 45;

function seed(): Bundle {
  const resources: FhirResource[] = [];
  for (let i = 0; i < PATIENTS; i++) {
    const id = `pat-${i}`;
    resources.push({ resourceType: 'Patient', id, name: [{ family: `Family${i}`, given: [`Given${i}`] }] });
  }
  for (const [id, status] of [
    ['sr-active', 'active'],
    ['sr-draft', 'draft'],
    ['sr-revoked', 'revoked'],
  ] as const) {
    resources.push({
      resourceType: 'ServiceRequest',
      id,
      status,
      intent: 'order',
      subject: { reference: 'Patient/pat-1' },
    });
  }
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) => ({
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id ?? ''}` },
    })),
  };
}

const ids = (bundle: Bundle) => (bundle.entry ?? []).map((e) => e.resource?.id ?? '').sort();

describe('in-memory FHIR server: POST [type]/_search and patient pages', () => {
  let server: FhirTestServer;
  beforeAll(async () => {
    server = await startFhirServer({ seed: [seed()] });
  });
  afterAll(() => server.close());
  beforeEach(() => server.resetRequests());

  const postSearch = (path: string, body: string, contentType = 'application/x-www-form-urlencoded') =>
    fetch(`${server.baseUrl}/${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/json+fhir' },
      body,
    });

  it('answers a form-encoded POST _search as the same GET search, as the sandbox sends it', async () => {
    const form = new URLSearchParams({ patient: 'pat-1', status: 'draft,active,on-hold' }).toString();
    const posted = await postSearch('ServiceRequest/_search', form);
    expect(posted.status).toBe(200);
    expect(posted.headers.get('access-control-allow-origin')).toBe('*');
    const viaPost = (await posted.json()) as Bundle;
    const viaGet = (await (await fetch(`${server.baseUrl}/ServiceRequest?${form}`)).json()) as Bundle;
    expect(viaPost.type).toBe('searchset');
    expect(ids(viaPost)).toEqual(['sr-active', 'sr-draft']);
    expect(ids(viaPost)).toEqual(ids(viaGet));
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      interaction: 'search',
      resourceType: 'ServiceRequest',
    });
  });

  it('merges parameters from the URL and the body, and takes an empty body as no parameters', async () => {
    const merged = (await (
      await postSearch('ServiceRequest/_search?patient=pat-1', 'status=revoked')
    ).json()) as Bundle;
    expect(ids(merged)).toEqual(['sr-revoked']);
    const empty = await fetch(`${server.baseUrl}/ServiceRequest/_search`, { method: 'POST' });
    expect(empty.status).toBe(200);
    expect(((await empty.json()) as Bundle).total).toBe(3);
  });

  it('refuses a body of another type with 415 and a malformed form value with 400, as OperationOutcomes', async () => {
    const json = await postSearch('Patient/_search', '{"name":"x"}', 'application/json');
    expect(json.status).toBe(415);
    expect(((await json.json()) as OperationOutcome).issue[0]?.diagnostics).toContain(
      'x-www-form-urlencoded',
    );
    const badCount = await postSearch('Patient/_search', '_count=ten');
    expect(badCount.status).toBe(400);
    expect(((await badCount.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');
  });

  it('returns every patient on one page without _count, by GET and by POST; _count still pages', async () => {
    expect(PATIENTS).toBeGreaterThan(20);
    for (const res of [await fetch(`${server.baseUrl}/Patient`), await postSearch('Patient/_search', '')]) {
      const page = (await res.json()) as Bundle;
      expect(page.total).toBe(PATIENTS);
      expect(page.entry).toHaveLength(PATIENTS);
      expect(page.link?.some((l) => l.relation === 'next')).toBe(false);
    }
    const paged = (await (await fetch(`${server.baseUrl}/Patient?_count=10`)).json()) as Bundle;
    expect(paged.entry).toHaveLength(10);
    expect(paged.link?.some((l) => l.relation === 'next')).toBe(true);
    expect(PATIENT_PAGE_SIZE).toBeGreaterThanOrEqual(PATIENTS);
  });
});
