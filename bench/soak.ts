import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { forkChildServer } from './child-server.js';
import { runLoad, type LoadResult } from './load.js';
import { TYPICAL_RECORD } from './records.js';
import { buildSoakMix } from './soak-mix.js';

/** RSS may grow this much from the end of the warm-up window to the end of the run. */
const MAX_RSS_GROWTH = 0.2;
const SOAK_FHIR_TOKEN = 'soak-fhir-token';
const MIB = 1024 * 1024;

interface SoakOptions {
  readonly durationSeconds: number;
  readonly rate: number;
  readonly windowSeconds: number;
  readonly connections: number;
  readonly json: boolean;
}

function parseSoakOptions(argv: readonly string[]): SoakOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      duration: { type: 'string', default: '60' },
      rate: { type: 'string', default: '50' },
      window: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const positive = (name: string, raw: string | undefined) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`--${name} must be a positive integer, got ${raw}`);
    return value;
  };
  return {
    durationSeconds: positive('duration', values.duration),
    rate: positive('rate', values.rate),
    windowSeconds: positive('window', values.window),
    connections: positive('connections', values.connections),
    json: values.json ?? false,
  };
}

interface WindowRow extends LoadResult {
  readonly endSecond: number;
  readonly rssMiB: number;
}

function formatRow(w: WindowRow): string {
  const cells = [
    `${w.endSecond} s`.padStart(6),
    w.requestsPerSecond.toFixed(1).padStart(7),
    String(w.latencyP50Ms).padStart(6),
    String(w.latencyP90Ms).padStart(6),
    String(w.latencyP99Ms).padStart(6),
    String(w.latencyMaxMs).padStart(6),
    String(w.errors + w.timeouts + w.non2xx).padStart(6),
    w.rssMiB.toFixed(1).padStart(8),
  ];
  return `| ${cells.join(' | ')} |`;
}

/**
 * `npm run soak -- [--duration 60] [--rate 50] [--window 10] [--connections 10] [--json]`: the service
 * (startServer, own process, loopback only) under a fixed-rate mix of calls; one table row per window.
 * Exits non-zero on any error or when RSS grows by 20% or more after the first (warm-up) window.
 */
async function main(): Promise<number> {
  const options = parseSoakOptions(process.argv.slice(2));
  const workDir = mkdtempSync(join(tmpdir(), 'hsg-soak-'));
  const out = options.json ? process.stderr : process.stdout;
  const service = await forkChildServer({
    type: 'start',
    role: 'service',
    env: {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      FEEDBACK_DB: join(workDir, 'feedback.sqlite'),
    },
  });
  // The calls without prefetch query a FHIR server in its own process, as in production.
  const fhirPatient = 'soak-fhir';
  const fhir = await forkChildServer({
    type: 'start',
    role: 'fhir',
    bearerToken: SOAK_FHIR_TOKEN,
    patients: [{ id: fhirPatient, size: TYPICAL_RECORD }],
  });
  const windows: WindowRow[] = [];
  let startRssMiB = 0;
  try {
    const requests = await buildSoakMix(new Date(), {
      fhirServer: fhir.url,
      accessToken: SOAK_FHIR_TOKEN,
      patientId: fhirPatient,
    });
    startRssMiB = (await service.stats()).rssBytes / MIB;
    const count = Math.max(1, Math.round(options.durationSeconds / options.windowSeconds));
    out.write(
      `soak: ${count} × ${options.windowSeconds} s at ${options.rate} req/s over ${options.connections} connections; ` +
        `${requests.length} requests in the mix; RSS at start ${startRssMiB.toFixed(1)} MiB\n\n`,
    );
    out.write('|    end |   req/s | p50 ms | p90 ms | p99 ms | max ms | errors | RSS MiB |\n');
    out.write('|--------|---------|--------|--------|--------|--------|--------|---------|\n');
    for (let i = 0; i < count; i++) {
      const load = await runLoad({
        url: service.url,
        requests,
        connections: options.connections,
        durationSeconds: options.windowSeconds,
        overallRate: options.rate,
      });
      const row = {
        ...load,
        endSecond: (i + 1) * options.windowSeconds,
        rssMiB: (await service.stats()).rssBytes / MIB,
      };
      windows.push(row);
      out.write(`${formatRow(row)}\n`);
    }
  } finally {
    await service.stop();
    await fhir.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  const errors = windows.reduce((n, w) => n + w.errors + w.timeouts + w.non2xx, 0);
  const afterWarmUp = windows[0]?.rssMiB ?? startRssMiB;
  const endRss = windows[windows.length - 1]?.rssMiB ?? startRssMiB;
  const growth = endRss / afterWarmUp - 1;
  const passed = errors === 0 && growth < MAX_RSS_GROWTH;
  out.write(
    `\nerrors: ${errors}; RSS start ${startRssMiB.toFixed(1)} MiB, after warm-up ${afterWarmUp.toFixed(1)} MiB, ` +
      `end ${endRss.toFixed(1)} MiB (growth after warm-up ${(growth * 100).toFixed(1)}%, limit ${MAX_RSS_GROWTH * 100}%): ` +
      `${passed ? 'PASS' : 'FAIL'}\n`,
  );
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ options, startRssMiB, afterWarmUp, endRss, growth, errors, windows }, null, 2)}\n`,
    );
  }
  return passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
