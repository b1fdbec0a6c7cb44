import type { BenchOptions } from './bench-options.js';
import { forkChildServer, type ChildServer, type ForkOptions } from './child-server.js';
import { fhirServerCall } from '../test/support/cds-requests.js';
import { callOnce, prefetchCall, resourceCount, SIGN_PATH } from './hook-calls.js';
import { runLoad } from './load.js';
import { combineRounds, measureRun, type LoadShape, type Measurement } from './measure.js';
import { TYPICAL_RECORD, type RecordSize } from './records.js';

export interface ScenarioMeasurement {
  readonly id: string;
  readonly title: string;
  readonly bodyBytes: number;
  readonly recordResources: number;
  /** Card topics of the answer checked before the load. */
  readonly topics: readonly string[];
  /** Medians over the rounds (one round for the scenarios that are not compared round by round). */
  readonly load: Measurement;
  readonly rounds: readonly Measurement[];
  /** (4) only: the same load over one connection, so latency is the service time, without queueing. */
  readonly oneConnection?: Measurement;
  /** Exact: FHIR requests of sequential probe calls, divided by the calls. */
  readonly fhirRequestsPerCall?: number;
  /** FHIR requests during the load divided by the answered calls (calls in flight at the end add a little). */
  readonly fhirRequestsPerCallUnderLoad?: number;
}

export interface ScenarioContext {
  readonly options: BenchOptions;
  /** The service's environment (loadConfig input), shared by every scenario. */
  readonly serviceEnv: Readonly<Record<string, string>>;
  readonly maxBodyBytes: number;
  readonly fork: ForkOptions;
  readonly now: Date;
  /** A temporary folder of the run (removed at its end). */
  readonly workDir: string;
}

const FHIR_TOKEN = 'bench-fhir-token';
const PROBE_CALLS = 20;

function shapeOf(ctx: ScenarioContext, seconds = ctx.options.durationSeconds): LoadShape {
  return { connections: ctx.options.connections, durationSeconds: seconds };
}

/** A discarded run first: JIT, caches and connection set-up. */
async function warmUp(ctx: ScenarioContext, url: string, body: string): Promise<void> {
  await runLoad({ url, body, ...shapeOf(ctx, ctx.options.warmupSeconds) });
}

export function forkService(ctx: ScenarioContext): Promise<ChildServer> {
  return forkChildServer({ type: 'start', role: 'service', env: ctx.serviceEnv }, ctx.fork);
}

export function typicalPrefetchBody(ctx: ScenarioContext): string {
  return JSON.stringify(prefetchCall('bench-typical', TYPICAL_RECORD, ctx.now));
}

async function checkFloor(url: string, body: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = await res.text();
  if (res.status !== 200 || answer !== '{"cards":[]}') throw new Error(`the floor answered ${answer}`);
}

/**
 * (1) the floor and (2) the typical record through prefetch, measured in alternating rounds with the same
 * body, so drift in what else the machine runs hits both alike.
 */
export async function runFloorAndTypical(
  ctx: ScenarioContext,
  service: ChildServer,
): Promise<ScenarioMeasurement[]> {
  const body = typicalPrefetchBody(ctx);
  const floor = await forkChildServer({ type: 'start', role: 'floor', maxBodyBytes: ctx.maxBodyBytes });
  try {
    const floorUrl = floor.url + SIGN_PATH;
    const serviceUrl = service.url + SIGN_PATH;
    await checkFloor(floorUrl, body);
    const { topics } = await callOnce(serviceUrl, JSON.parse(body) as { context: { draftOrders: unknown } });
    await warmUp(ctx, floorUrl, body);
    await warmUp(ctx, serviceUrl, body);
    const floorRounds: Measurement[] = [];
    const serviceRounds: Measurement[] = [];
    for (let round = 0; round < ctx.options.rounds; round++) {
      const runFloor = async () => floorRounds.push(await measureRun(floor, floorUrl, body, shapeOf(ctx)));
      const runService = async () =>
        serviceRounds.push(await measureRun(service, serviceUrl, body, shapeOf(ctx)));
      if (round % 2 === 0) await runFloor().then(runService);
      else await runService().then(runFloor);
    }
    const common = { bodyBytes: Buffer.byteLength(body), recordResources: resourceCount(TYPICAL_RECORD) };
    return [
      {
        id: 'floor',
        title: '(1) floor: express 5 + the same JSON parsing, fixed {"cards":[]}',
        ...common,
        topics: [],
        load: combineRounds(floorRounds),
        rounds: floorRounds,
      },
      {
        id: 'prefetch-typical',
        title: '(2) hsg-order-sign, full prefetch, typical record',
        ...common,
        topics,
        load: combineRounds(serviceRounds),
        rounds: serviceRounds,
      },
    ];
  } finally {
    await floor.stop();
  }
}

/** (4) large records through prefetch, one size after the other. */
export async function runLargeRecords(
  ctx: ScenarioContext,
  service: ChildServer,
): Promise<ScenarioMeasurement[]> {
  const url = service.url + SIGN_PATH;
  const measured: ScenarioMeasurement[] = [];
  for (const observations of ctx.options.largeObservations) {
    const size: RecordSize = { ...TYPICAL_RECORD, observations };
    const call = prefetchCall(`bench-large-${observations}`, size, ctx.now);
    const body = JSON.stringify(call);
    const { topics } = await callOnce(url, call);
    await warmUp(ctx, url, body);
    const load = await measureRun(service, url, body, shapeOf(ctx));
    const oneConnection = await measureRun(service, url, body, { ...shapeOf(ctx), connections: 1 });
    measured.push({
      id: `prefetch-large-${observations}`,
      title: `(4) hsg-order-sign, full prefetch, ${observations.toLocaleString('en')} Observations`,
      bodyBytes: Buffer.byteLength(body),
      recordResources: resourceCount(size),
      topics,
      load,
      rounds: [load],
      oneConnection,
    });
  }
  return measured;
}

/** (3) the typical record without prefetch: the service queries the embedded FHIR server (its own process). */
export async function runFhirServerScenario(
  ctx: ScenarioContext,
  service: ChildServer,
): Promise<ScenarioMeasurement> {
  const patientId = 'bench-fhir';
  const fhir = await forkChildServer({
    type: 'start',
    role: 'fhir',
    bearerToken: FHIR_TOKEN,
    patients: [{ id: patientId, size: TYPICAL_RECORD }],
  });
  try {
    const url = service.url + SIGN_PATH;
    const call = fhirServerCall(patientId, fhir.url, FHIR_TOKEN);
    const body = JSON.stringify(call);
    await fhir.reset();
    let topics: readonly string[] = [];
    for (let i = 0; i < PROBE_CALLS; i++) topics = (await callOnce(url, call)).topics;
    if (topics.includes('screening-incomplete')) throw new Error('the FHIR server scenario lacks data');
    const fhirRequestsPerCall = ((await fhir.stats()).fhirRequests ?? 0) / PROBE_CALLS;
    await warmUp(ctx, url, body);
    await fhir.reset();
    const load = await measureRun(service, url, body, shapeOf(ctx));
    return {
      id: 'fhir-server-typical',
      title: '(3) hsg-order-sign, no prefetch, typical record on the embedded FHIR server',
      bodyBytes: Buffer.byteLength(body),
      recordResources: resourceCount(TYPICAL_RECORD),
      topics,
      load,
      rounds: [load],
      fhirRequestsPerCall,
      fhirRequestsPerCallUnderLoad: ((await fhir.stats()).fhirRequests ?? 0) / Math.max(1, load.completed),
    };
  } finally {
    await fhir.stop();
  }
}
