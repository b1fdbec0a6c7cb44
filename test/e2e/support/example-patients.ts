import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from 'fhir/r4.js';
import { projectRoot } from '../../../src/project-root.js';

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
