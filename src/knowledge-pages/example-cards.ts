import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, FhirResource, ServiceRequest } from 'fhir/r4.js';
import type { Config } from '../config/config.js';
import { CATEGORY_RESOURCE_TYPE } from '../data/normalise-record.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import type { CdsCard, CdsRequest } from '../protocol/cds-types.js';
import { createScreeningDeps } from '../screening/create-screening-deps.js';
import { screenHsgOrders } from '../screening/screen-hsg-orders.js';

export interface ExamplePatientCards {
  readonly id: string;
  readonly scenario: string;
  readonly cards: readonly CdsCard[];
}

/**
 * An example patient's order (`<id>-order`), sent as the draft it is while being signed, whatever its
 * stored status (that status says whether the chart holds it as pending, for patient-view).
 */
export function exampleOrderAsDraft(id: string, resources: readonly FhirResource[]): ServiceRequest[] {
  return resources
    .filter((r): r is ServiceRequest => r.resourceType === 'ServiceRequest' && r.id === `${id}-order`)
    .map((order) => ({ ...order, status: 'draft' as const }));
}

/** The clock the example patients' dates are relative to, as their README states it. */
export function examplesClock(readme: string): Date {
  const match = /clock \*\*(\d{4}-\d{2}-\d{2}T[\d:]+Z)\*\*/.exec(readme);
  if (!match?.[1]) throw new Error('The example patients README does not state its clock');
  return new Date(match[1]);
}

function scenarios(readme: string): Map<string, string> {
  const rows = readme.split('\n').filter((line) => /^\| `hsg-/.test(line));
  return new Map(
    rows.map((line) => {
      const cells = line.split('|').map((c) => c.trim());
      return [/`([^`]+)`/.exec(cells[1] ?? '')?.[1] ?? '', cells[2] ?? ''];
    }),
  );
}

/**
 * The cards each synthetic example patient produces on order-sign, computed in-process with the
 * service's own pipeline and the patients' clock: an EHR's call with the full prefetch.
 */
export async function exampleCards(
  dir: string,
  knowledge: Knowledge,
  config: Config,
): Promise<ExamplePatientCards[]> {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const clock = examplesClock(readme);
  const scenarioOf = scenarios(readme);
  const deps = createScreeningDeps(config, knowledge, { now: () => clock });
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const results: ExamplePatientCards[] = [];
  for (const file of files) {
    const id = file.replace(/\.json$/, '');
    const bundle = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Bundle;
    const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    const drafts = exampleOrderAsDraft(id, resources);
    const prefetch: Record<string, FhirResource | null> = {};
    for (const entry of deps.plan) {
      const type = CATEGORY_RESOURCE_TYPE[entry.category];
      const matching = resources.filter((r) => r.resourceType === type);
      prefetch[entry.key] =
        entry.category === 'patient'
          ? (matching[0] ?? null)
          : { resourceType: 'Bundle', type: 'searchset', entry: matching.map((resource) => ({ resource })) };
    }
    const request = {
      hook: 'order-sign',
      hookInstance: randomUUID(),
      context: {
        userId: 'Practitioner/reviewer',
        patientId: id,
        draftOrders: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: drafts.map((resource) => ({ resource })),
        },
      },
      prefetch,
    } as unknown as CdsRequest;
    const response = await screenHsgOrders({ request, caller: {} }, deps, 'all-drafts');
    results.push({ id, scenario: scenarioOf.get(id) ?? '', cards: response.cards });
  }
  return results;
}
