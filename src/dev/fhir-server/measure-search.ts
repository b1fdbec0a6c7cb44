import { performance } from 'node:perf_hooks';
import { indexFhirDefinitions, trimSharedSearchExpressions } from './fhir-definitions.js';
import { applyBundle, createFhirEngine, runFhirRequest } from './fhir-engine.js';
import type { FhirEngine } from './fhir-engine.js';
import { generateLargeRecord } from './large-record.js';

/**
 * Prints how long loading the definitions takes and how long `Observation?patient=` takes over large
 * records before and after trimming the shared search expressions. Run after `npm run build`:
 * `node dist/src/dev/fhir-server/measure-search.js [sizes...]` (default 2000 10000).
 */
async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  const started = performance.now();
  indexFhirDefinitions();
  console.log(`definitions loaded in ${Math.round(performance.now() - started)} ms`);

  const engines = new Map<number, FhirEngine>();
  for (const size of sizes.length ? sizes : [2000, 10000]) engines.set(size, await seededEngine(size));
  for (const [size, engine] of engines)
    console.log(`untrimmed, ${size} Observations: ${await timeSearch(engine)}`);
  const trimStarted = performance.now();
  const trimmed = trimSharedSearchExpressions();
  console.log(`trimmed ${trimmed} expressions in ${Math.round(performance.now() - trimStarted)} ms`);
  for (const [size, engine] of engines)
    console.log(`trimmed, ${size} Observations: ${await timeSearch(engine)}`);
}

async function seededEngine(observations: number): Promise<FhirEngine> {
  const engine = createFhirEngine();
  const started = performance.now();
  await applyBundle(engine, generateLargeRecord('measured', { observations, conditions: 0 }));
  console.log(`seeded ${observations} Observations in ${Math.round(performance.now() - started)} ms`);
  return engine;
}

/** Three runs of a patient search (every Observation matches) and a narrow code search. */
async function timeSearch(engine: FhirEngine): Promise<string> {
  const urls = [
    'Observation?patient=Patient/measured&_count=20',
    'Observation?patient=Patient/measured&code=8867-4',
  ];
  const results: string[] = [];
  for (const url of urls) {
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const response = await runFhirRequest(engine, { method: 'GET', url });
      if (response.status !== 200) throw new Error(`search failed with ${response.status}`);
      times.push(Math.round(performance.now() - started));
    }
    results.push(`${url.split('&').slice(1).join('&')}: ${times.join('/')} ms`);
  }
  return results.join('; ');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
