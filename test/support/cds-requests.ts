import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, FhirResource, ServiceRequest } from 'fhir/r4.js';
import { FINDING_KIND_SYSTEM } from '../../src/knowledge/canonical.js';
import { checkCdsResponse } from '../../src/protocol/validate-response.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function readFixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as T;
}

export const CPT = 'http://www.ama-assn.org/go/cpt';

/** A draft HSG ServiceRequest as an EHR's order entry would send it. */
export function hsgOrder(
  id = 'hsg-1',
  patientId = 'p1',
  overrides: Partial<ServiceRequest> = {},
): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'order',
    code: {
      coding: [
        {
          system: CPT,
          code: '74740',
          display: 'Hysterosalpingography, radiological supervision and interpretation',
        },
        {
          system: CPT,
          code: '58340',
          display: 'Catheterization and introduction of saline or contrast material',
        },
      ],
      text: 'Hysterosalpingogram',
    },
    subject: { reference: `Patient/${patientId}` },
    ...overrides,
  };
}

export function searchset(resources: readonly FhirResource[] = []): Bundle {
  return { resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) };
}

/** Every prefetch key of the plan answered (empty searchsets unless given). */
export function fullPrefetch(
  patientId: string,
  given: Record<string, FhirResource | null> = {},
): Record<string, FhirResource | null> {
  return {
    patient: { resourceType: 'Patient', id: patientId, gender: 'female', birthDate: '1990-01-01' },
    conditions: searchset(),
    allergies: searchset(),
    observations: searchset(),
    procedures: searchset(),
    medications: searchset(),
    medicationAdministrations: searchset(),
    ...given,
  };
}

export function hookRequest(
  hook: 'order-select' | 'order-sign',
  orders: readonly FhirResource[],
  options: {
    patientId?: string;
    selections?: string[];
    prefetch?: Record<string, FhirResource | null> | null;
  } = {},
) {
  const patientId = options.patientId ?? 'p1';
  const prefetch = options.prefetch === undefined ? fullPrefetch(patientId) : options.prefetch;
  return {
    hook,
    hookInstance: randomUUID(),
    context: {
      userId: 'Practitioner/dr-1',
      patientId,
      ...(hook === 'order-select'
        ? { selections: options.selections ?? orders.map((o) => `${o.resourceType}/${o.id ?? ''}`) }
        : {}),
      draftOrders: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: orders.map((resource) => ({ resource })),
      },
    },
    ...(prefetch ? { prefetch } : {}),
  };
}

/** Every response a test receives must satisfy the CDS Hooks rules the service promises. */
export function expectValidResponse(body: unknown, draftOrders?: Bundle): void {
  const problems = checkCdsResponse(body, { draftOrders, topicSystem: FINDING_KIND_SYSTEM });
  if (problems.length > 0) throw new Error(`Invalid CDS Hooks response:\n- ${problems.join('\n- ')}`);
}

/** An error response must be a FHIR OperationOutcome with a message. */
export function expectOperationOutcome(body: unknown): void {
  const outcome = body as { resourceType?: string; issue?: { diagnostics?: string }[] };
  if (outcome.resourceType !== 'OperationOutcome' || !outcome.issue?.[0]?.diagnostics) {
    throw new Error(`Expected an OperationOutcome, got ${JSON.stringify(body).slice(0, 300)}`);
  }
}

/** An order-sign call without prefetch: the service must query `fhirServer` with the token. */
export function fhirServerCall(patientId: string, fhirServer: string, accessToken: string) {
  return {
    ...hookRequest('order-sign', [hsgOrder(`${patientId}-order`, patientId)], { patientId, prefetch: null }),
    fhirServer,
    fhirAuthorization: {
      access_token: accessToken,
      token_type: 'Bearer',
      scope: 'patient/*.read',
      patient: patientId,
    },
  };
}
