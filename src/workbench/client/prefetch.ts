import type { FhirResource } from 'fhir/r4.js';
import type { CdsServiceDescriptor, OrderContext } from '../../protocol/cds-types.js';
import { renderPrefetchTemplate } from '../../protocol/prefetch-template.js';
import type { FhirReader, FhirReadResult } from './fhir-client.js';

/** Every prefetch query of every service, answered once per patient: rendered URL → result. */
export type PrefetchCache = ReadonlyMap<string, FhirReadResult>;

type TemplateContext = Pick<OrderContext, 'patientId' | 'userId'>;

function renderedQueries(services: readonly CdsServiceDescriptor[], context: TemplateContext): string[] {
  const urls = services.flatMap((service) =>
    Object.values(service.prefetch ?? {}).map((template) => renderPrefetchTemplate(template, context)),
  );
  return [...new Set(urls.filter((url): url is string => url !== undefined))];
}

/** Runs the discovery prefetch templates against the FHIR server, in parallel, each distinct query once. */
export async function fetchPrefetch(
  services: readonly CdsServiceDescriptor[],
  context: TemplateContext,
  read: FhirReader,
): Promise<PrefetchCache> {
  const urls = renderedQueries(services, context);
  const results = await Promise.all(urls.map(read));
  return new Map(urls.map((url, i) => [url, results[i] as FhirReadResult]));
}

/**
 * The `prefetch` member for one service, as the sandbox sends it: the resource for each key that was
 * fetched, the server's OperationOutcome for a key that failed with one, and no key when nothing came
 * back (the service then queries `fhirServer` itself).
 */
export function prefetchFor(
  service: CdsServiceDescriptor,
  context: TemplateContext,
  cache: PrefetchCache,
): Record<string, FhirResource> {
  const prefetch: Record<string, FhirResource> = {};
  for (const [key, template] of Object.entries(service.prefetch ?? {})) {
    const url = renderPrefetchTemplate(template, context);
    const result = url === undefined ? undefined : cache.get(url);
    if (result?.resource) prefetch[key] = result.resource;
  }
  return prefetch;
}

/** The queries that failed and why, for the patient panel. */
export function prefetchFailures(cache: PrefetchCache): string[] {
  return [...cache.entries()]
    .filter(([, result]) => !result.ok)
    .map(([url, result]) => `${url.split('?')[0] ?? url}: ${result.ok ? '' : result.reason}`);
}
