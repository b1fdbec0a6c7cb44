import type { Bundle, OperationOutcome, Patient } from 'fhir/r4.js';
import { generateLargeRecord, startFhirServer } from '../src/dev/fhir-server/index.js';
import type { FhirTestServer } from '../src/dev/fhir-server/index.js';
import { startFaultProxy } from './support/fault-proxy.js';
import type { FaultProxy } from './support/fault-proxy.js';

/** The error a plain fetch rejects with when the connection fails, reduced to its system error code. */
async function networkErrorCode(url: string): Promise<string | undefined> {
  try {
    await fetch(url);
  } catch (err) {
    // fetch's errors come from Node's own realm, so instanceof Error fails inside jest's VM context.
    const cause: unknown = typeof err === 'object' && err !== null && 'cause' in err ? err.cause : undefined;
    return typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : 'no code';
  }
  return undefined;
}

function nextUrl(bundle: Bundle): string | undefined {
  return bundle.link?.find((l) => l.relation === 'next')?.url;
}

describe('fault proxy in front of the in-memory FHIR server', () => {
  let fhir: FhirTestServer;
  let proxy: FaultProxy;

  beforeAll(async () => {
    fhir = await startFhirServer({
      seed: [generateLargeRecord('pat-f', { observations: 5, conditions: 3 })],
    });
    proxy = await startFaultProxy({ target: fhir.baseUrl, fault: { kind: 'none' } });
  });
  afterAll(async () => {
    await proxy.close();
    await fhir.close();
  });

  it('none: passes requests through and points next links at the proxy', async () => {
    const before = proxy.requests;
    const res = await fetch(`${proxy.baseUrl}/Observation?patient=pat-f&_count=2`);
    const bundle = (await res.json()) as Bundle;
    expect(res.status).toBe(200);
    expect(bundle.total).toBe(5);
    expect(nextUrl(bundle)?.startsWith(proxy.baseUrl + '/Observation?')).toBe(true);
    expect(bundle.entry?.[0]?.fullUrl?.startsWith(proxy.baseUrl)).toBe(true);
    expect(JSON.stringify(bundle)).not.toContain(fhir.baseUrl);
    expect(proxy.requests).toBe(before + 1);
  });

  it('latency: still answers, but a client with a shorter timeout gives up', async () => {
    await proxy.setFault({ kind: 'latency', ms: 20 });
    expect((await fetch(`${proxy.baseUrl}/Patient/pat-f`)).status).toBe(200);
    await proxy.setFault({ kind: 'latency', ms: 10_000 });
    await expect(
      fetch(`${proxy.baseUrl}/Patient/pat-f`, { signal: AbortSignal.timeout(50) }),
    ).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });

  it.each([401, 429, 500])('status %i: answers with that status and an OperationOutcome', async (status) => {
    await proxy.setFault({ kind: 'status', status });
    const res = await fetch(`${proxy.baseUrl}/Condition?patient=pat-f`);
    expect(res.status).toBe(status);
    expect(((await res.json()) as OperationOutcome).resourceType).toBe('OperationOutcome');
    if (status === 429) expect(res.headers.get('retry-after')).toBe('1');
  });

  it('reset: the connection is destroyed and fetch rejects', async () => {
    await proxy.setFault({ kind: 'reset' });
    expect(await networkErrorCode(`${proxy.baseUrl}/Condition?patient=pat-f`)).toBeDefined();
  });

  it('truncated-json: a 200 whose body does not parse', async () => {
    await proxy.setFault({ kind: 'truncated-json' });
    const res = await fetch(`${proxy.baseUrl}/Condition?patient=pat-f`);
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toMatchObject({ name: 'SyntaxError' });
  });

  it('not-a-bundle: a search answered with a Patient resource; reads are untouched', async () => {
    await proxy.setFault({ kind: 'not-a-bundle' });
    const search = (await (await fetch(`${proxy.baseUrl}/Condition?patient=pat-f`)).json()) as Patient;
    expect(search.resourceType).toBe('Patient');
    const read = (await (await fetch(`${proxy.baseUrl}/Condition/pat-f-problem-0`)).json()) as Bundle;
    expect(read.resourceType).toBe('Condition');
  });

  it('next-loop: every page links next to the same URL', async () => {
    await proxy.setFault({ kind: 'next-loop' });
    const first = `${proxy.baseUrl}/Observation?patient=pat-f&_count=2`;
    let url: string | undefined = first;
    for (let page = 0; page < 5; page++) {
      const bundle = (await (await fetch(url ?? '')).json()) as Bundle;
      expect(bundle.entry).toHaveLength(2);
      url = nextUrl(bundle);
      expect(url).toBe(first);
    }
  });

  it('down: connections are refused until the fault is lifted', async () => {
    await proxy.setFault({ kind: 'down' });
    expect(await networkErrorCode(`${proxy.baseUrl}/metadata`)).toBe('ECONNREFUSED');
    await proxy.setFault({ kind: 'none' });
    expect((await fetch(`${proxy.baseUrl}/metadata`)).status).toBe(200);
  });

  it('onlyResourceType: faults one resource type and passes the others through', async () => {
    await proxy.setFault({ kind: 'status', status: 500, onlyResourceType: 'Condition' });
    expect((await fetch(`${proxy.baseUrl}/Condition?patient=pat-f`)).status).toBe(500);
    expect((await fetch(`${proxy.baseUrl}/Observation?patient=pat-f`)).status).toBe(200);
  });
});

describe('closing the fault proxy', () => {
  it('ends requests held by a latency fault instead of waiting for them', async () => {
    const fhir = await startFhirServer();
    const proxy = await startFaultProxy({ target: fhir.baseUrl, fault: { kind: 'latency', ms: 600_000 } });
    const hanging = fetch(`${proxy.baseUrl}/metadata`);
    while (proxy.requests === 0) await new Promise((resolve) => setImmediate(resolve));
    await proxy.close();
    await expect(hanging).rejects.toThrow();
    await fhir.close();
  });
});
