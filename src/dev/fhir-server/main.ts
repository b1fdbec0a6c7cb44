import { startFhirServer } from './fhir-server.js';
import { readSeedBundles } from './seed-files.js';

/**
 * `node dist/src/dev/fhir-server/main.js [folder]`: serves an in-memory FHIR R4 server on FHIR_PORT
 * (default 8080), seeded with every `*.json` transaction or batch Bundle in the folder (sorted by name).
 * This dev entry point is the one place outside src/config/ allowed to read process.env.
 */
async function main(): Promise<void> {
  const port = parsePort(process.env.FHIR_PORT);
  const folder = process.argv[2];
  const seed = folder ? await readSeedBundles(folder) : [];
  const server = await startFhirServer({
    port,
    host: process.env.FHIR_HOST ?? '127.0.0.1',
    seed,
    recordRequests: false,
  });
  console.log(`FHIR R4 server listening at ${server.baseUrl} (${seed.length} seed bundles)`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 8080;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`FHIR_PORT is not a port number: ${raw}`);
  return port;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
