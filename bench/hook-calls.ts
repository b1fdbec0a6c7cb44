import type { Bundle } from 'fhir/r4.js';
import { expectValidResponse, hookRequest, hsgOrder } from '../test/support/cds-requests.js';
import { buildRecord, prefetchOf, type RecordSize } from './records.js';

export const SIGN_PATH = '/cds-services/hsg-order-sign';

/** An order-sign call with one HSG order and the patient's whole record as prefetch. */
export function prefetchCall(patientId: string, size: RecordSize, now: Date) {
  const prefetch = prefetchOf(patientId, buildRecord(patientId, size, now));
  return hookRequest('order-sign', [hsgOrder(`${patientId}-order`, patientId)], { patientId, prefetch });
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
  expectValidResponse(answer, body.context.draftOrders as Bundle);
  const cards = (answer as { cards: { source: { topic?: { code: string } } }[] }).cards;
  return { status: 200, topics: cards.map((card) => card.source.topic?.code ?? 'none') };
}

export function resourceCount(size: RecordSize): number {
  return size.conditions + size.allergies + size.observations;
}
