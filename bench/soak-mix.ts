import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import { readSeedBundles } from '../src/dev/fhir-server/index.js';
import { exampleOrderAsDraft } from '../src/knowledge-pages/example-cards.js';
import { projectRoot } from '../src/project-root.js';
import { fhirServerCall, hookRequest, hsgOrder } from '../test/support/cds-requests.js';
import { prefetchCall, SIGN_PATH } from './hook-calls.js';
import { prefetchOf, TYPICAL_RECORD } from './records.js';

const SELECT_PATH = '/cds-services/hsg-order-select';
const JSON_HEADERS = { 'content-type': 'application/json' };

function post(path: string, body: unknown): autocannon.Request {
  return { method: 'POST', path, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

/** A synthetic example patient's Bundle as a hook call: its order as a draft in context, the rest as prefetch. */
function exampleCall(bundle: Bundle, hook: 'order-select' | 'order-sign'): autocannon.Request | undefined {
  const resources = (bundle.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is FhirResource => r !== undefined);
  const patient = resources.find((r) => r.resourceType === 'Patient');
  if (!patient?.id) return undefined;
  const [order] = exampleOrderAsDraft(patient.id, resources);
  if (!order) return undefined;
  const record = resources.filter((r) => r.id !== order.id);
  const call = hookRequest(hook, [order], {
    patientId: patient.id,
    prefetch: prefetchOf(patient.id, record),
  });
  return post(hook === 'order-sign' ? SIGN_PATH : SELECT_PATH, call);
}

/** Feedback on a card that was never issued, with a fresh card id each time, so every item is stored. */
function feedbackRequest(): autocannon.Request {
  const body = () => ({
    feedback: [{ card: randomUUID(), outcome: 'overridden', outcomeTimestamp: new Date().toISOString() }],
  });
  return {
    ...post(`${SIGN_PATH}/feedback`, body()),
    setupRequest: (request) => ({ ...request, body: JSON.stringify(body()) }),
  };
}

/** A patient on the embedded FHIR server that the soak's call without prefetch asks about. */
export interface SoakFhirPatient {
  readonly fhirServer: string;
  readonly accessToken: string;
  readonly patientId: string;
}

/**
 * The soak's request sequence, which every connection cycles through: each synthetic example patient
 * (fhir-profiles/examples/patients/, alternating order-sign and order-select), the typical 300-resource
 * record through prefetch and, without prefetch, through the FHIR server, an order that is not an HSG
 * order, feedback, and discovery.
 */
export async function buildSoakMix(now: Date, fhir: SoakFhirPatient): Promise<autocannon.Request[]> {
  const folder = join(projectRoot(), 'fhir-profiles', 'examples', 'patients');
  const bundles = existsSync(folder) ? await readSeedBundles(folder) : [];
  const examples = bundles
    .map((bundle, i) => exampleCall(bundle, i % 2 === 0 ? 'order-sign' : 'order-select'))
    .filter((r): r is autocannon.Request => r !== undefined);
  const ctOrder = hsgOrder('ct-1', 'p-other', {
    code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '72133' }], text: 'CT lumbar spine' },
  });
  const mix: autocannon.Request[] = [];
  for (const example of examples) mix.push(example);
  mix.push(post(SIGN_PATH, prefetchCall('soak-typical', TYPICAL_RECORD, now)));
  mix.push(post(SIGN_PATH, fhirServerCall(fhir.patientId, fhir.fhirServer, fhir.accessToken)));
  mix.push(post(SIGN_PATH, hookRequest('order-sign', [ctOrder], { patientId: 'p-other' })));
  mix.push(feedbackRequest());
  mix.push({ method: 'GET', path: '/cds-services' });
  return mix;
}
