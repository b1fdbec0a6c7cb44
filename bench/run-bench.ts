import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { projectRoot } from '../src/project-root.js';
import { parseBenchOptions, type BenchOptions } from './bench-options.js';
import { prefetchCall } from './hook-calls.js';
import { formatProfileSummary } from './profile-summary.js';
import { TYPICAL_RECORD } from './records.js';
import { runJwtReplayScenarios } from './jwt-scenarios.js';
import { checkTargets, formatReport } from './report.js';
import {
  forkService,
  runFhirServerScenario,
  runFloorAndTypical,
  runLargeRecords,
  type ScenarioContext,
  type ScenarioMeasurement,
} from './scenarios.js';

const MIB = 1024 * 1024;

function machine() {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? 'unknown',
    totalMemoryGiB: Math.round((totalmem() / 1024 / MIB) * 10) / 10,
    node: process.version,
    os: `${process.platform} ${release()}`,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** The default body limit refuses the largest prefetch; the benchmark raises it and says so. */
function bodyLimitFor(options: BenchOptions, now: Date): { maxBodyBytes: number; note?: string } {
  const defaultLimit = loadConfig({}).maxBodyBytes;
  const largest = Math.max(...options.largeObservations);
  const bytes = Buffer.byteLength(
    JSON.stringify(prefetchCall('size-probe', { ...TYPICAL_RECORD, observations: largest }, now)),
  );
  if (bytes <= defaultLimit) return { maxBodyBytes: defaultLimit };
  const maxBodyBytes = Math.ceil((bytes * 1.25) / MIB) * MIB;
  return {
    maxBodyBytes,
    note: `the ${largest}-Observation prefetch is ${(bytes / MIB).toFixed(1)} MiB, over the default MAX_BODY_BYTES (${defaultLimit / MIB} MiB): raised to ${maxBodyBytes / MIB} MiB`,
  };
}

function newProfiles(dir: string, since: number): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).mtimeMs >= since);
}

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  const started = Date.now();
  const root = projectRoot();
  const workDir = mkdtempSync(join(tmpdir(), 'hsg-bench-'));
  const profileDir = join(root, 'bench', 'profiles');
  if (options.cpuProf) mkdirSync(profileDir, { recursive: true });
  const now = new Date();
  const limit = bodyLimitFor(options, now);
  const ctx: ScenarioContext = {
    options,
    now,
    workDir,
    maxBodyBytes: limit.maxBodyBytes,
    fork: options.cpuProf ? { cpuProfileDir: profileDir } : {},
    serviceEnv: {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: options.logLevel,
      FEEDBACK_DB: join(workDir, 'feedback.sqlite'),
      MAX_BODY_BYTES: String(limit.maxBodyBytes),
      METRICS_ENABLED: 'true',
    },
  };
  const out = options.json ? process.stderr : process.stdout;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const scenarios: ScenarioMeasurement[] = [];
  try {
    const { only } = options;
    if (only.has('floor') || only.has('fhir') || only.has('large')) {
      const service = await forkService(ctx);
      try {
        if (only.has('floor')) {
          log('bench: (1) floor and (2) typical record through prefetch, in alternating rounds');
          scenarios.push(...(await runFloorAndTypical(ctx, service)));
        }
        if (only.has('fhir')) {
          log('bench: (3) typical record through the embedded FHIR server');
          scenarios.push(await runFhirServerScenario(ctx, service));
        }
        if (only.has('large')) {
          log('bench: (4) large records through prefetch');
          scenarios.push(...(await runLargeRecords(ctx, service)));
        }
      } finally {
        await service.stop();
      }
    }
    if (only.has('jwt')) {
      log('bench: (5) JWT checking on, jti replay cache in memory and in PostgreSQL, in alternating rounds');
      scenarios.push(...(await runJwtReplayScenarios(ctx)));
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const targets = checkTargets(scenarios);
  const results = {
    date: new Date(started).toISOString(),
    machine: machine(),
    settings: {
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      rounds: options.rounds,
      warmupSeconds: options.warmupSeconds,
      logLevel: options.logLevel,
      maxBodyBytes: limit.maxBodyBytes,
      notes: [
        'server under test and FHIR server each in their own child process; autocannon in the parent process',
        ...(limit.note ? [limit.note] : []),
      ],
    },
    scenarios,
    targets,
  };
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  out.write(
    `\nhsg-cds benchmark ${results.date} — ${results.machine.cpus} × ${results.machine.cpuModel}, node ${results.machine.node}\n`,
  );
  out.write(
    `${options.connections} connections; ${options.durationSeconds} s runs after a ${options.warmupSeconds} s warm-up; ` +
      `(1) and (2) alternate over ${options.rounds} rounds (medians); LOG_LEVEL=${options.logLevel}\n`,
  );
  for (const note of results.settings.notes) out.write(`note: ${note}\n`);
  out.write(`\n${formatReport(scenarios, targets)}\n`);
  if (options.cpuProf)
    for (const profile of newProfiles(profileDir, started)) out.write(`\n${formatProfileSummary(profile)}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  return targets.every((t) => t.met) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
