import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { Bundle, FhirResource, ServiceRequest } from 'fhir/r4.js';
import { screeningInput } from '../../test/support/rules-fixtures.js';
import { renderCards } from '../cards/render-cards.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { projectRoot } from '../project-root.js';
import { evaluateRules } from './evaluate-rules.js';

const knowledge = loadKnowledge();
const EXAMPLES = join(projectRoot(), 'fhir-profiles', 'examples', 'patients');

/** Every resource of every example patient: realistic shapes to break. */
const resources: FhirResource[] = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => (JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')) as Bundle).entry ?? [])
  .map((e) => e.resource)
  .filter((r): r is FhirResource => r !== undefined);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((k) => paths((value as Record<string, Json>)[k] as Json, [...prefix, k]))];
}

/** A copy of `root` with the element at `path` replaced; resourceType is kept so the record accepts it. */
function replaceAt(root: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0 || path[0] === 'resourceType') return root;
  const copy = JSON.parse(JSON.stringify(root)) as Record<string, Json>;
  let node: Record<string | number, Json> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1]!] = replacement;
  return copy;
}

const garbage: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.constant<Json>([null]),
  fc.constant<Json>({}),
  fc.constant<Json>([]),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.boolean(),
  fc.constant('2026-02-30T99:99'),
  fc.constant<Json>([{ coding: [null, 'x', { system: 7, code: {} }] }]),
);

const mutatedResource = fc
  .record({ index: fc.nat(), pick: fc.nat(), replacement: garbage })
  .map(({ index, pick, replacement }) => {
    const resource = resources[index % resources.length] as unknown as Json;
    const all = paths(resource);
    return replaceAt(resource, all[pick % all.length]!, replacement) as unknown as FhirResource;
  });

describe('rules on malformed records', () => {
  test('never throw, and every finding still renders as a card', () => {
    fc.assert(
      fc.property(fc.array(mutatedResource, { minLength: 1, maxLength: 12 }), (mutated) => {
        const of = <T extends FhirResource['resourceType']>(type: T) =>
          mutated.filter((r) => r.resourceType === type) as Extract<FhirResource, { resourceType: T }>[];
        const orders = of('ServiceRequest') as ServiceRequest[];
        const input = screeningInput(knowledge, {
          ...(orders.length > 0 ? { orders } : {}),
          conditions: of('Condition'),
          allergies: of('AllergyIntolerance'),
          observations: of('Observation'),
          procedures: of('Procedure'),
          medicationRequests: of('MedicationRequest'),
          medicationAdministrations: of('MedicationAdministration'),
        });
        const findings = evaluateRules(input);
        for (const finding of findings) expect(finding.summary.length).toBeLessThanOrEqual(139);
        expect(() => renderCards(findings, { knowledge, patientId: 'p', now: input.now })).not.toThrow();
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });
});
