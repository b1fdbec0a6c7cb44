import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Length of each measured run. */
  readonly durationSeconds: number;
  /** Alternating floor / typical-record rounds; their medians are reported. */
  readonly rounds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  /** Observation counts of the large-record scenario (at least two, to show the growth). */
  readonly largeObservations: readonly number[];
  readonly logLevel: string;
  /** Print the results JSON on stdout (the table then goes to stderr). */
  readonly json: boolean;
  readonly cpuProf: boolean;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return value;
}

/**
 * `npm run bench -- [--duration 5] [--rounds 3] [--warmup 3] [--connections 10] [--large 1000,10000]
 * [--log-level warn] [--json] [--cpu-prof]`
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      duration: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      large: { type: 'string' },
      'log-level': { type: 'string' },
      json: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const large = (values.large ?? '1000,10000').split(',').map((n) => positiveInt('large', n.trim(), 0));
  if (large.length < 2) throw new Error('--large needs at least two sizes, e.g. 1000,10000');
  return {
    durationSeconds: positiveInt('duration', values.duration, 5),
    rounds: positiveInt('rounds', values.rounds, 3),
    warmupSeconds: positiveInt('warmup', values.warmup, 3),
    connections: positiveInt('connections', values.connections, 10),
    largeObservations: [...large].sort((a, b) => a - b),
    logLevel: values['log-level'] ?? 'warn',
    json: values.json ?? false,
    cpuProf: values['cpu-prof'] ?? false,
  };
}
