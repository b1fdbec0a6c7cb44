import type autocannon from 'autocannon';
import type { ChildServer } from './child-server.js';
import { runLoad, type LoadResult } from './load.js';

/** One load run plus what the server process spent on it. */
export interface Measurement extends LoadResult {
  /**
   * CPU time (user + system) of the server process per answered call. Unlike req/s it hardly moves with
   * what else the shared machine is running, so it is the steadier cross-check of the ratios.
   */
  readonly serverCpuMsPerCall: number;
}

export interface LoadShape {
  readonly connections: number;
  readonly durationSeconds: number;
}

/**
 * Runs the load against `url` and reads the server's CPU clock before and after. The load is one body
 * for every call, or autocannon requests (e.g. with a fresh JWT each).
 */
export async function measureRun(
  server: ChildServer,
  url: string,
  body: string | autocannon.Request[],
  shape: LoadShape,
): Promise<Measurement> {
  const before = await server.stats();
  const load = await runLoad({
    url,
    ...(typeof body === 'string' ? { body } : { requests: body }),
    ...shape,
  });
  const after = await server.stats();
  return {
    ...load,
    serverCpuMsPerCall: (after.cpuMicros - before.cpuMicros) / 1000 / Math.max(1, load.completed),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Several rounds as one: the median of each figure (the machine is shared, so single rounds drift); counts summed. */
export function combineRounds(rounds: readonly Measurement[]): Measurement {
  const mid = (pick: (m: Measurement) => number) => median(rounds.map(pick));
  const sum = (pick: (m: Measurement) => number) => rounds.reduce((n, m) => n + pick(m), 0);
  return {
    requestsPerSecond: mid((m) => m.requestsPerSecond),
    completed: sum((m) => m.completed),
    latencyMeanMs: mid((m) => m.latencyMeanMs),
    latencyP50Ms: mid((m) => m.latencyP50Ms),
    latencyP90Ms: mid((m) => m.latencyP90Ms),
    latencyP99Ms: mid((m) => m.latencyP99Ms),
    latencyMaxMs: Math.max(...rounds.map((m) => m.latencyMaxMs)),
    errors: sum((m) => m.errors),
    timeouts: sum((m) => m.timeouts),
    non2xx: sum((m) => m.non2xx),
    durationSeconds: sum((m) => m.durationSeconds),
    serverCpuMsPerCall: mid((m) => m.serverCpuMsPerCall),
  };
}
