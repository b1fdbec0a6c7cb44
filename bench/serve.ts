import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFhirServer, type FhirTestServer } from '../src/dev/fhir-server/index.js';
import type { ChildMessage, ParentMessage, StartMessage } from './child-protocol.js';
import { createFloorApp } from './floor-app.js';
import { transaction } from '../test/support/seed-patients.js';
import { buildRecord } from './records.js';
import { startBenchService } from './start-service.js';

/**
 * Child process of the benchmark and the soak (forked with IPC): runs one server, so the load
 * generator in the parent and the server under test are separate processes, as in production.
 */

interface Running {
  readonly url: string;
  readonly stop: () => Promise<void>;
  readonly fhir?: FhirTestServer;
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function startFloor(maxBodyBytes: number): Promise<Running> {
  const server = createServer(createFloorApp(maxBodyBytes));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function startFhir(message: Extract<StartMessage, { role: 'fhir' }>): Promise<Running> {
  const now = new Date();
  const seed = message.patients.map((p) => transaction(buildRecord(p.id, p.size, now)));
  const fhir = await startFhirServer({ bearerToken: message.bearerToken, seed });
  return { url: fhir.baseUrl, stop: () => fhir.close(), fhir };
}

function start(message: StartMessage): Promise<Running> {
  switch (message.role) {
    case 'floor':
      return startFloor(message.maxBodyBytes);
    case 'fhir':
      return startFhir(message);
    case 'service':
      return startBenchService(message.env);
  }
}

let running: Running | undefined;

async function handle(message: ParentMessage): Promise<void> {
  if (message.type === 'start') {
    running = await start(message);
    send({ type: 'ready', url: running.url });
  } else if (message.type === 'stats') {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    send({
      type: 'stats',
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      cpuMicros: cpu.user + cpu.system,
      ...(running?.fhir ? { fhirRequests: running.fhir.requests.length } : {}),
    });
  } else if (message.type === 'reset') {
    running?.fhir?.resetRequests();
    send({ type: 'reset-done' });
  } else {
    await running?.stop();
    // An explicit exit, so --cpu-prof writes its profile and no stray handle keeps the child alive.
    process.exit(0);
  }
}

process.on('message', (message: ParentMessage) => {
  handle(message).catch((error: unknown) => {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  });
});
// Never outlive the parent.
process.on('disconnect', () => process.exit(0));
