import type { Bundle } from 'fhir/r4.js';
import { FINDING_KIND_SYSTEM } from '../src/knowledge/canonical.js';
import { checkCdsResponse } from '../src/protocol/validate-response.js';
import { hookRequest, hsgOrder } from '../test/support/cds-requests.js';
import { buildRecord, prefetchOf, type RecordSize } from './records.js';

export const SIGN_PATH = '/cds-services/hsg-order-sign';

/** An order-sign call with one HSG order and the patient's whole record as prefetch. */
export function prefetchCall(patientId: string, size: RecordSize, now: Date) {
  const prefetch = prefetchOf(patientId, buildRecord(patientId, size, now));
  return hookRequest('order-sign', [hsgOrder(`${patientId}-order`, patientId)], { patientId, prefetch });
}

/** The same call without prefetch: the service must query the FHIR server with the token. */
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

export interface CheckedAnswer {
  readonly status: number;
  readonly topics: readonly string[];
}

/**
 * One call before the load, so a benchmark never measures an error path: the answer must be a 200
 * whose body is a valid CDS Hooks response (or, with `allowStatus`, that status).
 */
export async function callOnce(
  url: string,
  body: { context: { draftOrders: unknown } },
  allowStatus?: number,
): Promise<CheckedAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer: unknown = await res.json();
  if (res.status === allowStatus) return { status: res.status, topics: [] };
  if (res.status !== 200)
    throw new Error(`expected 200, got ${res.status}: ${JSON.stringify(answer).slice(0, 300)}`);
  const problems = checkCdsResponse(answer, {
    draftOrders: body.context.draftOrders as Bundle,
    topicSystem: FINDING_KIND_SYSTEM,
  });
  if (problems.length > 0) throw new Error(`invalid CDS Hooks response: ${problems.join('; ')}`);
  const cards = (answer as { cards: { source: { topic?: { code: string } } }[] }).cards;
  return { status: 200, topics: cards.map((card) => card.source.topic?.code ?? 'none') };
}

export function resourceCount(size: RecordSize): number {
  return size.conditions + size.allergies + size.observations;
}
