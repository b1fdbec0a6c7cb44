import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import request from 'supertest';
import type { CdsResponse } from '../src/protocol/cds-types.js';
import { expectValidResponse, hookRequest, searchset } from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';
import { NOW } from './support/rules-fixtures.js';
import { EXAMPLE_PATIENTS_DIR as DIR } from './e2e/support/example-patients.js';

const { app } = createTestApp({ now: () => NOW });

interface ExpectedPatient {
  readonly id: string;
  /** "topic:indicator", sorted */
  readonly cards: readonly string[];
}

/** The README table is the specification: one row per patient, the cards as `topic` (indicator). */
function readExpectations(): ExpectedPatient[] {
  const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
  return readme
    .split('\n')
    .filter((line) => /^\| `hsg-/.test(line))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim());
      const id = /`([^`]+)`/.exec(cells[1] ?? '')?.[1] ?? '';
      const cards = [...(cells[3] ?? '').matchAll(/`([a-z-]+)` \((critical|warning|info)\)/g)].map(
        (m) => `${m[1]}:${m[2]}`,
      );
      return { id, cards: cards.sort() };
    });
}

const PREFETCH_KEY: Readonly<Record<string, string>> = {
  Condition: 'conditions',
  AllergyIntolerance: 'allergies',
  Observation: 'observations',
  Procedure: 'procedures',
  MedicationRequest: 'medications',
};

function readBundle(id: string): FhirResource[] {
  const bundle = JSON.parse(readFileSync(join(DIR, `${id}.json`), 'utf8')) as Bundle;
  return (bundle.entry ?? [])
    .map((entry) => entry.resource)
    .filter((r): r is FhirResource => r !== undefined);
}

/** The prefetch an EHR would send for this patient, and the draft order(s) from the Bundle. */
function callFor(id: string) {
  const resources = readBundle(id);
  const drafts = resources.filter((r) => r.resourceType === 'ServiceRequest' && r.status === 'draft');
  const patient = resources.find((r) => r.resourceType === 'Patient') ?? null;
  const prefetch: Record<string, FhirResource | null> = { patient };
  for (const key of Object.values(PREFETCH_KEY)) {
    prefetch[key] = searchset(resources.filter((r) => PREFETCH_KEY[r.resourceType] === key));
  }
  return hookRequest('order-sign', drafts, { patientId: id, prefetch });
}

const expectations = readExpectations();

describe('example patients (fhir-profiles/examples/patients)', () => {
  test('the README lists every Bundle in the folder, and each Bundle names its patient', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(expectations.map((e) => e.id).sort()).toEqual(files);
    for (const { id } of expectations) {
      const patient = readBundle(id).find((r) => r.resourceType === 'Patient');
      expect(patient?.id).toBe(id);
      expect(patient?.resourceType === 'Patient' && patient.name?.[0]?.text).toMatch(/^Synthetic — /);
    }
  });

  test.each(expectations)('$id produces the cards the README lists', async ({ id, cards }) => {
    const body = callFor(id);
    const res = await request(app).post('/cds-services/hsg-order-sign').send(body).expect(200);
    expectValidResponse(res.body, body.context.draftOrders as Bundle);
    const clinical = (res.body as CdsResponse).cards
      .filter((card) => card.source.topic?.code !== 'billing-codes')
      .map((card) => `${card.source.topic?.code}:${card.indicator}`)
      .sort();
    expect(clinical).toEqual(cards);
  });
});
