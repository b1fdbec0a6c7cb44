import type {
  Bundle,
  CapabilityStatement,
  FhirResource,
  Observation,
  OperationOutcome,
  Patient,
} from 'fhir/r4.js';
import { startFhirServer } from './fhir-server.js';
import type { FhirTestServer } from './fhir-server.js';

const TOKEN = 'test-token-123';

function seedBundle(): Bundle {
  const patient: Patient = {
    resourceType: 'Patient',
    id: 'pat-1',
    gender: 'female',
    birthDate: '1990-05-01',
  };
  const observations: Observation[] = [
    obs('obs-hcg', 'pat-1', '2106-3', '2024-03-10'),
    obs('obs-hcg-old', 'pat-1', '2106-3', '2023-01-05'),
    obs('obs-hr', 'pat-1', '8867-4', '2024-03-11'),
    obs('obs-other-patient', 'pat-2', '2106-3', '2024-03-10'),
  ];
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [patient, ...observations].map((resource) => ({
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id ?? ''}` },
    })),
  };
}

function obs(id: string, patientId: string, loinc: string, date: string): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: date,
  };
}

async function getJson<T>(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

function ids(bundle: Bundle): string[] {
  return (bundle.entry ?? []).map((e) => e.resource?.id ?? '').sort();
}

describe('in-memory FHIR server', () => {
  let server: FhirTestServer;

  beforeAll(async () => {
    server = await startFhirServer({ seed: [seedBundle()] });
  });
  afterAll(() => server.close());
  beforeEach(() => server.resetRequests());

  it('answers /metadata with a CapabilityStatement listing the supported types', async () => {
    const { status, body } = await getJson<CapabilityStatement>(`${server.baseUrl}/metadata`);
    expect(status).toBe(200);
    expect(body.resourceType).toBe('CapabilityStatement');
    expect(body.fhirVersion).toBe('4.0.1');
    const observation = body.rest?.[0]?.resource?.find((r) => r.type === 'Observation');
    expect(observation?.searchParam?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['patient', 'code', 'date']),
    );
  });

  it('reads a seeded resource by its fixed id and answers 404 for an unknown id', async () => {
    const { status, body } = await getJson<Patient>(`${server.baseUrl}/Patient/pat-1`);
    expect(status).toBe(200);
    expect(body.birthDate).toBe('1990-05-01');
    const missing = await getJson<OperationOutcome>(`${server.baseUrl}/Patient/nobody`);
    expect(missing.status).toBe(404);
    expect(missing.body.resourceType).toBe('OperationOutcome');
  });

  it('searches with a bare patient id as if it were Patient/<id>', async () => {
    const bare = await getJson<Bundle>(`${server.baseUrl}/Observation?patient=pat-1`);
    const typed = await getJson<Bundle>(`${server.baseUrl}/Observation?patient=Patient/pat-1`);
    expect(bare.status).toBe(200);
    expect(ids(bare.body)).toEqual(['obs-hcg', 'obs-hcg-old', 'obs-hr']);
    expect(ids(typed.body)).toEqual(ids(bare.body));
    expect(bare.body.entry?.[0]?.fullUrl).toMatch(new RegExp(`^${server.baseUrl}/Observation/obs-`));
  });

  it('filters by system|code and by comma-separated codes', async () => {
    const q = encodeURIComponent('http://loinc.org|2106-3');
    const { body } = await getJson<Bundle>(`${server.baseUrl}/Observation?patient=pat-1&code=${q}`);
    expect(ids(body)).toEqual(['obs-hcg', 'obs-hcg-old']);
    const list = await getJson<Bundle>(`${server.baseUrl}/Observation?patient=pat-1&code=2106-3,8867-4`);
    expect(list.body.total).toBe(3);
  });

  it('filters by date with ge/le and sorts with _sort=-date', async () => {
    const { body } = await getJson<Bundle>(`${server.baseUrl}/Observation?patient=pat-1&date=ge2024-01-01`);
    expect(ids(body)).toEqual(['obs-hcg', 'obs-hr']);
    const old = await getJson<Bundle>(`${server.baseUrl}/Observation?patient=pat-1&date=le2023-12-31`);
    expect(ids(old.body)).toEqual(['obs-hcg-old']);
    const sorted = await getJson<Bundle>(`${server.baseUrl}/Observation?patient=pat-1&_sort=-date`);
    expect(sorted.body.entry?.map((e) => e.resource?.id)).toEqual(['obs-hr', 'obs-hcg', 'obs-hcg-old']);
  });

  it('pages through results by following next links', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${server.baseUrl}/Observation?patient=pat-1&_count=2`;
    let pages = 0;
    while (url) {
      const { body }: { body: Bundle } = await getJson<Bundle>(url);
      pages++;
      expect(body.total).toBe(3);
      seen.push(...ids(body));
      url = body.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(['obs-hcg', 'obs-hcg-old', 'obs-hr']);
  });

  it('searches every supported type by bare patient id, with status and clinical-status filters', async () => {
    const subject = { reference: 'Patient/pat-types' };
    const clinical = (code: string) => ({
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code }],
    });
    const code = { text: 'x' };
    const resources: FhirResource[] = [
      { resourceType: 'Condition', id: 'c-active', subject, code, clinicalStatus: clinical('active') },
      { resourceType: 'Condition', id: 'c-resolved', subject, code, clinicalStatus: clinical('resolved') },
      { resourceType: 'AllergyIntolerance', id: 'a-1', patient: subject, code },
      { resourceType: 'Procedure', id: 'p-1', status: 'completed', subject, code },
      {
        resourceType: 'MedicationRequest',
        id: 'm-1',
        status: 'active',
        intent: 'order',
        subject,
        medicationCodeableConcept: code,
      },
      { resourceType: 'ServiceRequest', id: 's-1', status: 'draft', intent: 'order', subject, code },
    ];
    await server.seed({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: resources.map((resource) => ({
        resource,
        request: { method: 'PUT', url: `${resource.resourceType}/${resource.id ?? ''}` },
      })),
    });
    const totals: Record<string, number | undefined> = {};
    for (const type of [
      'Condition',
      'AllergyIntolerance',
      'Procedure',
      'MedicationRequest',
      'ServiceRequest',
    ]) {
      totals[type] = (await getJson<Bundle>(`${server.baseUrl}/${type}?patient=pat-types`)).body.total;
    }
    expect(totals).toEqual({
      Condition: 2,
      AllergyIntolerance: 1,
      Procedure: 1,
      MedicationRequest: 1,
      ServiceRequest: 1,
    });
    const active = await getJson<Bundle>(
      `${server.baseUrl}/Condition?patient=pat-types&clinical-status=active`,
    );
    expect(ids(active.body)).toEqual(['c-active']);
    const drafts = await getJson<Bundle>(`${server.baseUrl}/ServiceRequest?patient=pat-types&status=active`);
    expect(drafts.body.total).toBe(0);
  });

  it('applies a transaction POSTed to the base with fixed ids (PUT)', async () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: { resourceType: 'Patient', id: 'pat-posted', gender: 'female' },
          request: { method: 'PUT', url: 'Patient/pat-posted' },
        },
        {
          resource: obs('obs-posted', 'pat-posted', '2106-3', '2024-02-01'),
          request: { method: 'PUT', url: 'Observation/obs-posted' },
        },
      ],
    };
    const res = await fetch(server.baseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify(bundle),
    });
    const body = (await res.json()) as Bundle;
    expect(res.status).toBe(200);
    expect(body.type).toBe('transaction-response');
    expect(body.entry?.map((e) => e.response?.status)).toEqual(['200', '200']);
    const { body: found } = await getJson<Bundle>(`${server.baseUrl}/Observation?patient=pat-posted`);
    expect(ids(found)).toEqual(['obs-posted']);
  });

  it('rejects a seed Bundle with a failing entry and answers the failed transaction with 400', async () => {
    const bad: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: { resourceType: 'Patient', id: 'a' }, request: { method: 'PUT', url: 'Patient/b' } },
      ],
    };
    await expect(server.seed(bad)).rejects.toThrow(/Seeding failed/);
    const res = await fetch(server.baseUrl, { method: 'POST', body: JSON.stringify(bad) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');
  });

  it('answers 400 for a malformed _count and 404 outside the base path', async () => {
    expect((await fetch(`${server.baseUrl}/Observation?_count=ten`)).status).toBe(400);
    expect((await fetch(server.baseUrl.replace('/fhir/R4', '/other'))).status).toBe(404);
  });

  it('records each request without the Authorization value', async () => {
    await fetch(`${server.baseUrl}/Observation?patient=pat-1`, {
      headers: { authorization: 'Bearer whatever' },
    });
    expect(server.requests).toEqual([
      {
        method: 'GET',
        path: '/fhir/R4/Observation',
        query: 'patient=pat-1',
        interaction: 'search',
        resourceType: 'Observation',
        authorizationPresent: true,
        authorizationMatched: false,
      },
    ]);
    expect(JSON.stringify(server.requests)).not.toContain('whatever');
  });

  it('records nothing when asked not to (a long-running demo server)', async () => {
    const quiet = await startFhirServer({ recordRequests: false });
    try {
      expect((await fetch(`${quiet.baseUrl}/Observation`)).status).toBe(200);
      expect(quiet.requests).toEqual([]);
    } finally {
      await quiet.close();
    }
  });
});

describe('in-memory FHIR server with a bearer token', () => {
  let server: FhirTestServer;

  beforeAll(async () => {
    server = await startFhirServer({ bearerToken: TOKEN, seed: [seedBundle()] });
  });
  afterAll(() => server.close());

  it('answers 401 with an OperationOutcome without the token and 200 with it', async () => {
    const none = await getJson<OperationOutcome>(`${server.baseUrl}/Patient/pat-1`);
    const wrong = await getJson<OperationOutcome>(`${server.baseUrl}/Patient/pat-1`, {
      authorization: 'Bearer nope',
    });
    const right = await getJson<Patient>(`${server.baseUrl}/Patient/pat-1`, {
      authorization: `Bearer ${TOKEN}`,
    });
    expect([none.status, wrong.status, right.status]).toEqual([401, 401, 200]);
    expect(none.body.resourceType).toBe('OperationOutcome');
    expect(server.requests.map((r) => [r.authorizationPresent, r.authorizationMatched])).toEqual([
      [false, false],
      [true, false],
      [true, true],
    ]);
  });
});
