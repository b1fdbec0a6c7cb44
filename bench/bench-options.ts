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
  /** The scenario groups to run (default all): floor (1, 2), fhir (3), large (4), jwt (5). */
  readonly only: ReadonlySet<ScenarioGroup>;
}

export const SCENARIO_GROUPS = ['floor', 'fhir', 'large', 'jwt'] as const;
export type ScenarioGroup = (typeof SCENARIO_GROUPS)[number];

function parseGroups(raw: string | undefined): ReadonlySet<ScenarioGroup> {
  if (raw === undefined) return new Set(SCENARIO_GROUPS);
  const groups = raw.split(',').map((g) => g.trim());
  for (const group of groups) {
    if (!(SCENARIO_GROUPS as readonly string[]).includes(group))
      throw new Error(`--only takes ${SCENARIO_GROUPS.join(', ')}; got ${group}`);
  }
  return new Set(groups as ScenarioGroup[]);
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
 * [--log-level warn] [--json] [--cpu-prof] [--only floor,fhir,large,jwt]`
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
      only: { type: 'string' },
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
    only: parseGroups(values.only),
  };
}
