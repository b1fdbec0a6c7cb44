import { join } from 'node:path';
import type { Bundle, Patient } from 'fhir/r4.js';
import { buildDefaultOrder, buildHookRequest } from '../cli/build-hook-request.js';
import { projectRoot } from '../project-root.js';
import { startServer } from '../server.js';
import { demoConfig } from './demo-config.js';
import { readSeedBundles, startFhirServer } from './fhir-server/index.js';
import { shiftBundleDates } from './shift-dates.js';

const PATIENT_FOLDER = join(projectRoot(), 'fhir-profiles', 'examples', 'patients');
/** The clock the example patients are written for (fhir-profiles/examples/patients/README.md). */
const EXAMPLES_CLOCK = new Date('2026-12-01T09:00:00Z');

function patientsOf(bundles: readonly Bundle[]): { id: string; scenario: string }[] {
  return bundles.flatMap((bundle) =>
    (bundle.entry ?? [])
      .map((entry) => entry.resource)
      .filter((r): r is Patient => r?.resourceType === 'Patient' && typeof r.id === 'string')
      .map((p) => ({ id: p.id!, scenario: p.name?.[0]?.text ?? '' })),
  );
}

/**
 * `npm run demo`: the embedded FHIR server seeded with the synthetic patients, and the CDS service
 * pointed at it (development mode: no authentication, loudly logged). Prints commands to try.
 */
async function main(): Promise<void> {
  const fhirPort = Number(process.env.FHIR_PORT ?? 8080);
  const now = new Date();
  const bundles = (await readSeedBundles(PATIENT_FOLDER)).map((b) =>
    shiftBundleDates(b, EXAMPLES_CLOCK, now),
  );
  const fhir = await startFhirServer({ port: fhirPort, seed: bundles, recordRequests: false });
  const config = demoConfig(fhir.baseUrl, process.env);
  const { stop } = await startServer(config);
  const cds = `http://localhost:${config.port}`;
  const patients = patientsOf(bundles);
  const lines = [
    '',
    `hsg-cds demo: CDS service ${cds}/cds-services, FHIR server ${fhir.baseUrl} (${patients.length} synthetic patients)`,
    '',
    `Workbench (try every card in a browser): ${cds}/workbench`,
    '',
    'Fire hooks with the CLI (the service fetches the patient data from the FHIR server):',
    ...patients.map(
      (p) =>
        `  npm run --silent cli -- call --url ${cds} --service hsg-order-select --fhir ${fhir.baseUrl} --patient ${p.id}   # ${p.scenario}`,
    ),
    '',
    'Open a chart with a pending HSG order (patient-view; the service finds the order itself):',
    `  npm run --silent cli -- call --url ${cds} --service hsg-patient-view --fhir ${fhir.baseUrl} --patient hsg-pregnant`,
    '',
    'CDS Hooks sandbox built locally (README "Try it in the CDS Hooks sandbox"; needs CDS_TRUST_SANDBOX=true):',
    `  ${sandboxUrl(fhir.baseUrl, `${cds}/cds-services`)}`,
    ...(fhirPort === 8080
      ? ['  (the sandbox serves on 8080 too: start the demo with FHIR_PORT=8081 for it)']
      : []),
    '',
    'Or with curl (order-sign, one HSG order):',
    `  curl -s ${cds}/cds-services/hsg-order-sign -H 'Content-Type: application/json' -d '${JSON.stringify(curlBody(patients[0]?.id ?? 'p1', fhir.baseUrl))}'`,
    '',
    'Ctrl-C stops both servers.',
  ];
  console.log(lines.join('\n'));
  const shutdown = () => void Promise.all([stop(), fhir.close()]).then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/** The sandbox's dev server (`npm run dev` in its checkout serves on 8080), preset for the demo. */
function sandboxUrl(fhirServer: string, discovery: string): string {
  const query = new URLSearchParams({
    fhirServiceUrl: fhirServer,
    patientId: 'hsg-pregnant',
    serviceDiscoveryURL: discovery,
  });
  return `http://localhost:8080/?${query.toString()}`;
}

/** The body of the printed curl example: a call as the CLI builds it (one HSG order, the FHIR server). */
function curlBody(patientId: string, fhirServer: string) {
  return buildHookRequest({
    hook: 'order-sign',
    patientId,
    userId: 'Practitioner/demo',
    orders: [buildDefaultOrder(patientId)],
    fhirServer,
  });
}

main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
