import { randomUUID } from 'node:crypto';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import fc from 'fast-check';
import { startFhirServer, type FhirTestServer } from '../src/dev/fhir-server/index.js';
import { createTestApp } from './support/create-test-app.js';
import {
  expectWellFormedAnswer,
  HANG_MS,
  PROPERTY_TIMEOUT_MS,
  PROTO_KEYS,
  prototypeNames,
  SHRINK_LIMIT_MS,
  useLoopbackServer,
  type Json,
} from './support/fuzz-harness.js';
import { fullPrefetch, hookRequest, hsgOrder, readFixture, searchset } from './support/cds-requests.js';
import { pregnantPatient, transaction } from './support/seed-patients.js';

/**
 * Mutated and generated hook requests: never a 5xx, never a hang, every 4xx an OperationOutcome, every
 * 200 a valid CDS Hooks response, no prototype pollution. Bases are the spec's, the sandbox's and other
 * clients' request shapes plus the service's own HSG calls, so mutations reach the rules.
 */

/** Fixed, so a failure reproduces; fast-check prints it (with the shrunk path) in the failure message. */
const SEED = 20_261_128;
const MUTATION_RUNS = 1_500;
const PATIENT = 'fuzz-pat';
const TOKEN = 'fuzz-token';

/** Values too big or too deep to build as objects: inserted into the JSON text by marker. */
const DEEP_TEXT: Record<string, string> = {
  __fuzz_deep_arrays_10000__: '['.repeat(10_000) + ']'.repeat(10_000),
  __fuzz_deep_objects_10000__: '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
  __fuzz_deep_arrays_200000__: '['.repeat(200_000) + ']'.repeat(200_000),
};

const ODD_STRINGS = ['', ' ', '\u0000', '\uD800', '\u202E\u0301', 'Patient/', '2026-02-30T25:61'];
// Large, not huge: a string near the 5 MB limit is one targeted case in fuzz-raw-bodies.
const BIG_STRINGS = ['x'.repeat(100_000), '🩺'.repeat(25_000)];

const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(...ODD_STRINGS, ...BIG_STRINGS, '74740', ...PROTO_KEYS, ...Object.keys(DEEP_TEXT)),
);

const protoPayload = fc.constantFrom<Json>(
  JSON.parse('{"__proto__":{"polluted":"yes"}}') as Json,
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}') as Json,
  JSON.parse('{"prototype":{"polluted":"yes"},"__proto__":[]}') as Json,
);

const RESOURCE_TYPES = [
  'Observation',
  'Condition',
  'Patient',
  'ServiceRequest',
  'Bundle',
  'OperationOutcome',
];

const resourceLike = fc.record(
  {
    resourceType: fc.constantFrom(...RESOURCE_TYPES),
    id: fc.oneof(nastyString, fc.integer()),
    status: nastyString,
    code: fc.jsonValue({ maxDepth: 3 }),
    subject: fc.oneof(fc.constant({ reference: `Patient/${PATIENT}` }), fc.jsonValue({ maxDepth: 2 })),
    effectiveDateTime: nastyString,
    entry: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 3 }),
  },
  { requiredKeys: ['resourceType'] },
) as fc.Arbitrary<Json>;

const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' }) as fc.Arbitrary<Json> },
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: resourceLike },
  { weight: 1, arbitrary: protoPayload },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Json>(0, -0, 1e308, -1e308, 5e-324, 2 ** 53 + 1, true, false, null, [], {}),
  },
);

const mutationKey = fc.oneof(
  fc.constantFrom(...PROTO_KEYS, 'hasOwnProperty', 'toString', 'resourceType', 'entry', 'coding', 'link', ''),
  fc.string({ maxLength: 12 }),
);

type MutationKind = 'replace' | 'delete' | 'add-key' | 'wrap';
interface Mutation {
  readonly at: number;
  readonly kind: MutationKind;
  readonly key: string;
  readonly value: Json;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom<MutationKind>('replace', 'replace', 'delete', 'add-key', 'wrap'),
  key: mutationKey,
  value: nastyValue,
});

type Path = (string | number)[];

function pathsOf(value: Json, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...path, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) pathsOf(value[key] ?? null, [...path, key], out);
  }
  return out;
}

/** Own data properties only, so `__proto__` becomes a key rather than a prototype. */
function setChild(parent: Json, key: string | number, value: Json): void {
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A fresh copy: generated values may be shared constants, and inserting one twice would make a cycle. */
function copyOf(value: Json): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

function applyMutation(root: Json, m: Mutation): Json {
  const value = copyOf(m.value);
  const paths = pathsOf(root);
  const path = paths[m.at % paths.length]!;
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1];
  const parent = parentPath.reduce<Json>((node, k) => (node as Record<string, Json>)[k] ?? null, root);
  const node = key === undefined ? root : ((parent as Record<string, Json>)[key] ?? null);
  const replace = (value: Json): Json => {
    if (key === undefined) return value;
    setChild(parent, key, value);
    return root;
  };
  switch (m.kind) {
    case 'replace':
      return replace(value);
    case 'delete':
      if (key === undefined) return root;
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete (parent as Record<string, Json>)[key];
      return root;
    case 'add-key':
      if (Array.isArray(node)) node.push(value);
      else if (node !== null && typeof node === 'object') setChild(node, m.key, value);
      else return replace(value);
      return root;
    case 'wrap':
      return replace(m.key.length % 2 === 0 ? [node] : { [m.key || 'value']: node });
  }
}

function toBodyText(value: Json): string {
  let text = JSON.stringify(value);
  for (const [marker, deep] of Object.entries(DEEP_TEXT)) text = text.split(`"${marker}"`).join(deep);
  return text;
}

// --- The service under test, a real FHIR server for the fhirServer bases, and the bases -------------

let fhir: FhirTestServer;
const service = useLoopbackServer(
  createTestApp({ env: { FHIR_TIMEOUT_MS: '300', FHIR_BUDGET_MS: '600', FHIR_PAGE_CAP: '2' } }).app,
);
const prototypesBefore = prototypeNames();

beforeAll(async () => {
  fhir = await startFhirServer({
    bearerToken: TOKEN,
    seed: [transaction(pregnantPatient(PATIENT, new Date()))],
  });
});
afterAll(() => fhir.close());

/** Request shapes from other clients; their fhirServer points at the local FHIR server, never outside. */
function fixtureBases(): Json[] {
  const requests = [
    'cds-hooks-sandbox/pama-order-select-cpt-72133.json',
    'cds-hooks-sandbox/pama-order-select-empty-draft.json',
    'cds-hooks-for-pama/scenario-01-outbound-request.json',
    'davinci-crd-test-kit/order_sign_hook_request.json',
    'davinci-crd-test-kit/order_select_hook_request.json',
    'ahrq-cql-services/null_prefetch_values_invocation.json',
  ].map((path) => readFixture<Record<string, Json>>(path));
  const contexts = ['order-select', 'order-sign'].map((hook) => ({
    hook,
    hookInstance: randomUUID(),
    context: readFixture<Record<string, Json>>(`hl7-cds-hooks-library/${hook}-r4-context-example.json`)
      .context as Json,
  }));
  return [...requests, ...contexts].map((r) => ('fhirServer' in r ? { ...r, fhirServer: fhir.baseUrl } : r));
}

function hsgBases(): Json[] {
  const record = pregnantPatient(PATIENT, new Date());
  const ofType = (type: string) => searchset(record.filter((r: FhirResource) => r.resourceType === type));
  const prefetch = fullPrefetch(PATIENT, {
    observations: ofType('Observation'),
    conditions: ofType('Condition'),
    allergies: ofType('AllergyIntolerance'),
  });
  const order = hsgOrder('hsg-fuzz', PATIENT);
  const sign = hookRequest('order-sign', [order], { patientId: PATIENT, prefetch });
  const select = hookRequest('order-select', [order, hsgOrder('hsg-other', PATIENT)], { patientId: PATIENT });
  const viaServer = {
    ...hookRequest('order-sign', [order], { patientId: PATIENT, prefetch: null }),
    fhirServer: fhir.baseUrl,
    fhirAuthorization: { access_token: TOKEN, token_type: 'Bearer', patient: PATIENT },
  };
  return [sign, select, viaServer].map((r) => JSON.parse(JSON.stringify(r)) as Json);
}

function pathFor(body: Json, choice: number): string {
  const hook = (body as { hook?: unknown } | null)?.hook;
  const services = ['hsg-order-sign', 'hsg-order-select', 'no-such-service'];
  const matching = hook === 'order-select' ? 'hsg-order-select' : 'hsg-order-sign';
  return `/cds-services/${choice < 6 ? matching : services[choice % services.length]}`;
}

/** The draftOrders a 200 answer's actions may name, when the request carried a usable Bundle. */
function draftOrdersOf(body: Json): Bundle | undefined {
  const drafts = (body as { context?: { draftOrders?: { entry?: unknown } } } | null)?.context?.draftOrders;
  if (!Array.isArray(drafts?.entry)) return undefined;
  const entry = drafts.entry.filter(
    (e: unknown): e is { resource: FhirResource } =>
      typeof e === 'object' && e !== null && typeof (e as { resource?: unknown }).resource === 'object',
  );
  return { resourceType: 'Bundle', type: 'collection', entry: entry.filter((e) => e.resource !== null) };
}

/** The service would fetch whatever fhirServer names: the fuzzer must never point it off this machine. */
function assertLoopbackOnly(body: Json): void {
  const fhirServer = (body as { fhirServer?: unknown } | null)?.fhirServer;
  if (typeof fhirServer === 'string' && /^https?:/i.test(fhirServer) && URL.canParse(fhirServer)) {
    const host = new URL(fhirServer).hostname;
    if (host !== '127.0.0.1') throw new Error(`fuzz input names a non-loopback FHIR server: ${host}`);
  }
}

async function postAndCheck(path: string, body: Json): Promise<void> {
  assertLoopbackOnly(body);
  const res = await fetch(service.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: toBodyText(body),
    signal: AbortSignal.timeout(HANG_MS),
  });
  expectWellFormedAnswer({ status: res.status, text: await res.text() }, draftOrdersOf(body));
}

describe('fuzzed hook requests', () => {
  it(
    `${MUTATION_RUNS} mutations of real request shapes`,
    async () => {
      const bases = [...hsgBases(), ...fixtureBases()];
      const input = fc.record({
        base: fc.integer({ min: 0, max: bases.length - 1 }),
        // The HSG bases are the ones that reach the rules: weight them up.
        hsg: fc.boolean(),
        mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
        path: fc.nat({ max: 7 }),
      });
      await fc.assert(
        fc.asyncProperty(input, async ({ base, hsg, mutations, path }) => {
          const index = hsg ? base % 3 : base;
          let body: Json = structuredClone(bases[index]!);
          for (const m of mutations) body = applyMutation(body, m);
          await postAndCheck(pathFor(body, path), body);
        }),
        { seed: SEED, numRuns: MUTATION_RUNS, interruptAfterTimeLimit: SHRINK_LIMIT_MS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('left Object, Array and Function prototypes untouched, and the service answers normally', async () => {
    expect(prototypeNames()).toEqual(prototypesBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const res = await fetch(`${service.baseUrl}/cds-services`);
    expect(res.status).toBe(200);
    await postAndCheck('/cds-services/hsg-order-sign', hsgBases()[0]!);
  });
});
