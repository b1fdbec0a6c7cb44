import type { ScenarioMeasurement } from './scenarios.js';

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/**
 * "No worse than linear": on a log-log scale, one-connection latency against record size has a slope
 * of at most 1 plus this allowance (GC of larger heaps and machine noise).
 */
const MAX_GROWTH_EXPONENT = 1.1;
const MAX_FHIR_REQUESTS_PER_CALL = 4;
/** The jti replay cache in PostgreSQL keeps at least this share of the in-memory cache's throughput. */
const MIN_SHARED_REPLAY_RATIO = 0.8;

const fixed = (n: number, digits = 2) => n.toFixed(digits);

export function ratioToFloor(scenario: ScenarioMeasurement, floor: ScenarioMeasurement) {
  return {
    throughput: scenario.load.requestsPerSecond / floor.load.requestsPerSecond,
    p99: scenario.load.latencyP99Ms / Math.max(floor.load.latencyP99Ms, 1e-9),
  };
}

function growthChecks(large: readonly ScenarioMeasurement[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (let i = 1; i < large.length; i++) {
    const [small, big] = [large[i - 1]!, large[i]!];
    const latency = (s: ScenarioMeasurement) => (s.oneConnection ?? s.load).latencyMeanMs;
    const exponent =
      Math.log(latency(big) / latency(small)) / Math.log(big.recordResources / small.recordResources);
    const perResource = (s: ScenarioMeasurement) => (latency(s) / s.recordResources) * 1000;
    checks.push({
      target: `(4) ${small.recordResources} → ${big.recordResources} resources: latency ∝ size^k, k ≤ ${MAX_GROWTH_EXPONENT}`,
      measured:
        `k = ${fixed(exponent)} (1 connection: ${fixed(latency(small), 1)} → ${fixed(latency(big), 1)} ms, ` +
        `${fixed(perResource(small))} → ${fixed(perResource(big))} µs per resource)`,
      met: exponent <= MAX_GROWTH_EXPONENT,
    });
  }
  return checks;
}

/** The targets, all relative to the floor measured in the same run. */
export function checkTargets(scenarios: readonly ScenarioMeasurement[]): TargetCheck[] {
  const byId = (id: string) => scenarios.find((s) => s.id === id);
  const floor = byId('floor');
  const typical = byId('prefetch-typical');
  const viaServer = byId('fhir-server-typical');
  const checks: TargetCheck[] = [];
  if (floor && typical) {
    const ratio = ratioToFloor(typical, floor);
    checks.push(
      {
        target: '(2) throughput ≥ 60% of the floor',
        measured: `${fixed(ratio.throughput * 100, 1)}%`,
        met: ratio.throughput >= 0.6,
      },
      { target: '(2) p99 latency ≤ 1.5× the floor', measured: `${fixed(ratio.p99)}×`, met: ratio.p99 <= 1.5 },
    );
  }
  if (viaServer?.fhirRequestsPerCall !== undefined) {
    checks.push({
      target: `(3) ≤ ${MAX_FHIR_REQUESTS_PER_CALL} FHIR requests per call`,
      measured: `${fixed(viaServer.fhirRequestsPerCall)} per call (${fixed(viaServer.fhirRequestsPerCallUnderLoad ?? 0)} under load)`,
      met: viaServer.fhirRequestsPerCall <= MAX_FHIR_REQUESTS_PER_CALL,
    });
  }
  checks.push(...growthChecks(scenarios.filter((s) => s.id.startsWith('prefetch-large-'))));
  const jwtMemory = byId('jwt-memory');
  const jwtPostgres = byId('jwt-postgres');
  if (jwtMemory && jwtPostgres) {
    const ratio = jwtPostgres.load.requestsPerSecond / jwtMemory.load.requestsPerSecond;
    const cpu = jwtPostgres.load.serverCpuMsPerCall / jwtMemory.load.serverCpuMsPerCall;
    checks.push({
      target: `(5) jti in PostgreSQL: throughput ≥ ${MIN_SHARED_REPLAY_RATIO * 100}% of jti in memory`,
      measured: `${fixed(ratio * 100, 1)}% (server CPU per call ${fixed(cpu)}×)`,
      met: ratio >= MIN_SHARED_REPLAY_RATIO,
    });
  }
  const failures = scenarios.reduce((n, s) => n + s.load.errors + s.load.non2xx, 0);
  checks.push({ target: 'no errors, no non-2xx answers', measured: String(failures), met: failures === 0 });
  return checks;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${fixed(bytes / 1024 / 1024, 1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** Markdown tables of the scenarios and the targets, ready for the README. */
export function formatReport(
  scenarios: readonly ScenarioMeasurement[],
  targets: readonly TargetCheck[],
): string {
  const floor = scenarios.find((s) => s.id === 'floor');
  const rows = scenarios.map((s) => {
    const ratio = floor ? ratioToFloor(s, floor) : undefined;
    return [
      s.title,
      String(s.recordResources),
      kib(s.bodyBytes),
      fixed(s.load.requestsPerSecond, 0),
      fixed(s.load.latencyP50Ms, 1),
      fixed(s.load.latencyP99Ms, 1),
      fixed(s.load.serverCpuMsPerCall),
      ratio ? fixed(ratio.throughput) : '',
      ratio ? fixed(ratio.p99) : '',
      s.fhirRequestsPerCall !== undefined ? fixed(s.fhirRequestsPerCall) : '',
    ];
  });
  const scenarioTable = table(
    [
      'Scenario',
      'Resources',
      'Body',
      'req/s',
      'p50 ms',
      'p99 ms',
      'server CPU ms/call',
      'req/s ÷ floor',
      'p99 ÷ floor',
      'FHIR req/call',
    ],
    rows,
  );
  const targetTable = table(
    ['Target', 'Measured', 'Met'],
    targets.map((t) => [t.target, t.measured, t.met ? 'yes' : 'NO']),
  );
  return `${scenarioTable}\n\n${targetTable}`;
}
