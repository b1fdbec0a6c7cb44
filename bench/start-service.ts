import type { Server } from 'node:http';
import { loadConfig } from '../src/config/config.js';
import { startServer } from '../src/server.js';

export interface BenchService {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

function urlOf(server: Server): string {
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the service has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

/** The CDS service exactly as `npm start` runs it (startServer), configured only by `env` through loadConfig. */
export async function startBenchService(env: Readonly<Record<string, string>>): Promise<BenchService> {
  const running = await startServer(loadConfig(env));
  return { url: urlOf(running.server), stop: running.stop };
}
