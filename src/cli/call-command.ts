import { readFileSync } from 'node:fs';
import type { FhirResource } from 'fhir/r4.js';
import type { CdsDiscoveryResponse, CdsResponse } from '../protocol/cds-types.js';
import { checkCdsResponse } from '../protocol/validate-response.js';
import { asServedHook, buildDefaultOrder, buildHookRequest, readOrders } from './build-hook-request.js';
import { createPainter, type CliIo } from './cli-io.js';
import { CliFailure, ExitCode } from './exit-codes.js';
import { describeErrorBody, fetchDiscovery, fetchJson, trimBase } from './fetch-json.js';
import { fillPrefetch } from './fill-prefetch.js';
import { formatCards } from './print-cards.js';

export interface CallOptions {
  readonly service: string;
  readonly patient: string;
  readonly fhir: string;
  readonly token?: string;
  readonly orderFile?: string;
  readonly cpt?: string;
  readonly user: string;
  readonly encounter?: string;
  readonly prefetch?: boolean;
  readonly url: string;
  readonly json?: boolean;
  readonly color: boolean;
}

async function discoverService(base: string, id: string) {
  const result = await fetchDiscovery(base);
  const services = (result.json as CdsDiscoveryResponse | undefined)?.services ?? [];
  const service = services.find((s) => s.id === id);
  if (!service) {
    throw new CliFailure(
      `no service '${id}' at ${base}; it offers: ${services.map((s) => s.id).join(', ') || 'none'}`,
    );
  }
  return service;
}

function loadOrders(options: CallOptions): FhirResource[] {
  if (!options.orderFile) return [buildDefaultOrder(options.patient, options.cpt)];
  let text: string;
  try {
    text = readFileSync(options.orderFile, 'utf8');
  } catch (error) {
    throw new CliFailure(
      `cannot read ${options.orderFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  try {
    return readOrders(JSON.parse(text));
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    throw new CliFailure(`${options.orderFile} is not JSON`);
  }
}

/** `hsg-cds call`: what an EHR does on order-select/order-sign or on opening a chart, then the cards, readably. */
export async function runCall(options: CallOptions, io: CliIo): Promise<ExitCode> {
  const base = trimBase(options.url);
  const fhirBase = trimBase(options.fhir);
  const service = await discoverService(base, options.service);
  const hook = asServedHook(service.hook, service.id);
  if (hook === 'patient-view' && (options.orderFile || options.cpt)) {
    io.err(
      'patient-view sends no order: the service reads the pending orders from the FHIR server or prefetch',
    );
  }
  const orders = hook === 'patient-view' ? [] : loadOrders(options);
  const context = { patientId: options.patient, userId: options.user, encounterId: options.encounter };
  let prefetch;
  if (options.prefetch && service.prefetch) {
    const filled = await fillPrefetch({
      templates: service.prefetch,
      context,
      fhirBase,
      token: options.token,
    });
    prefetch = filled.prefetch;
    for (const { key, reason } of filled.omitted) io.err(`prefetch '${key}' omitted: ${reason}`);
  }
  const request = buildHookRequest({
    hook,
    ...context,
    orders,
    fhirServer: fhirBase,
    token: options.token,
    prefetch,
  });
  const result = await fetchJson(`${base}/cds-services/${encodeURIComponent(service.id)}`, {
    method: 'POST',
    body: request,
  });
  if (options.json) {
    io.out(result.text);
    return result.status === 200 ? ExitCode.ok : ExitCode.problems;
  }
  if (result.status !== 200) {
    io.err(`${service.id} answered HTTP ${result.status}: ${describeErrorBody(result)}`);
    return ExitCode.problems;
  }
  const problems = checkCdsResponse(result.json, { draftOrders: request.context.draftOrders });
  if (problems.length > 0) {
    io.err(`The response breaks the CDS Hooks rules:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    return ExitCode.problems;
  }
  io.out(formatCards(result.json as CdsResponse, createPainter(options.color)));
  return ExitCode.ok;
}
