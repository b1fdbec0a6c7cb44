import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, FhirResource } from 'fhir/r4.js';
import { projectRoot } from '../../../src/project-root.js';
import { searchset } from '../../support/cds-requests.js';

/** The synthetic patients the rules engineer keeps, one transaction Bundle each (see their README). */
export const EXAMPLE_PATIENTS_DIR = join(projectRoot(), 'fhir-profiles', 'examples', 'patients');

/** Their fixed clock: the README's dates and the rules' time windows are relative to it. */
export const EXAMPLES_NOW = new Date('2026-12-01T09:00:00Z');
/** The day every example order is scheduled for. */
export const EXAMPLES_SCHEDULED_DATE = '2026-12-02';

export function readExampleBundles(): Bundle[] {
  return readdirSync(EXAMPLE_PATIENTS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(EXAMPLE_PATIENTS_DIR, file), 'utf8')) as Bundle);
}

/** The prefetch key of each resource type in the order services' discovery templates. */
const PREFETCH_KEY: Readonly<Record<string, string>> = {
  Condition: 'conditions',
  AllergyIntolerance: 'allergies',
  Observation: 'observations',
  Procedure: 'procedures',
  MedicationRequest: 'medications',
  MedicationAdministration: 'medicationAdministrations',
};

/** The prefetch of a patient's record an EHR would send: the Patient and one searchset per key. */
export function recordPrefetch(resources: readonly FhirResource[]): Record<string, FhirResource | null> {
  const prefetch: Record<string, FhirResource | null> = {
    patient: resources.find((r) => r.resourceType === 'Patient') ?? null,
  };
  for (const key of Object.values(PREFETCH_KEY))
    prefetch[key] = searchset(resources.filter((r) => PREFETCH_KEY[r.resourceType] === key));
  return prefetch;
}

export interface ExpectedPatient {
  readonly id: string;
  /** "topic:indicator", sorted */
  readonly cards: readonly string[];
}

export interface ChartRow extends ExpectedPatient {
  readonly name: string;
  readonly status: string;
}

const CHART_HEADING = '## In the chart';

/** One table of the README: its rows' cells, from the section that starts at `from` (or the top). */
function tableRows(from: 'order hooks' | 'chart'): string[][] {
  const readme = readFileSync(join(EXAMPLE_PATIENTS_DIR, 'README.md'), 'utf8');
  const [orderHooks = '', chart = ''] = readme.split(CHART_HEADING);
  return (from === 'chart' ? chart : orderHooks)
    .split('\n')
    .filter((line) => /^\| `hsg-/.test(line))
    .map((line) => line.split('|').map((c) => c.trim()));
}

const cardsIn = (cell: string | undefined) =>
  [...(cell ?? '').matchAll(/`([a-z-]+)` \((critical|warning|info)\)/g)].map((m) => `${m[1]}:${m[2]}`).sort();
const idIn = (cell: string | undefined) => /`([^`]+)`/.exec(cell ?? '')?.[1] ?? '';

/** The README tables are the specification: one row per patient, the cards as `topic` (indicator). */
export function readOrderHookTable(): ExpectedPatient[] {
  return tableRows('order hooks').map((cells) => ({ id: idIn(cells[1]), cards: cardsIn(cells[3]) }));
}

/** The second table: the chart as a FHIR server holds it (name, order status) and the patient-view cards. */
export function readChartTable(): ChartRow[] {
  return tableRows('chart').map((cells) => ({
    id: idIn(cells[1]),
    name: cells[2] ?? '',
    status: idIn(cells[3]),
    cards: cardsIn(cells[4]),
  }));
}
