import autocannon from 'autocannon';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  /** One request for every call (POST JSON)... */
  readonly body?: string;
  /** ...or a sequence each connection cycles through. */
  readonly requests?: autocannon.Request[];
  /** Requests per second over all connections (fixed-rate load); unlimited when absent. */
  readonly overallRate?: number;
}

/** What one autocannon run measured; latencies in milliseconds. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly completed: number;
  readonly latencyMeanMs: number;
  readonly latencyP50Ms: number;
  readonly latencyP90Ms: number;
  readonly latencyP99Ms: number;
  readonly latencyMaxMs: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly durationSeconds: number;
}

/** Runs autocannon in this process (the server under test is another process). */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(options.body !== undefined ? { body: options.body } : {}),
    ...(options.requests ? { requests: options.requests } : {}),
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    // A 10,000-Observation record can take seconds per call under load; only a hang should time out.
    timeout: 30,
  });
  const completed = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    requestsPerSecond: result.duration > 0 ? completed / result.duration : 0,
    completed,
    latencyMeanMs: result.latency.mean,
    latencyP50Ms: result.latency.p50,
    latencyP90Ms: result.latency.p90,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    durationSeconds: result.duration,
  };
}
