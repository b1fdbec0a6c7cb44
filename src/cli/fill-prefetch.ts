import type { FhirResource } from 'fhir/r4.js';
import type { PrefetchValue } from '../protocol/cds-types.js';
import { renderPrefetchTemplate } from '../protocol/prefetch-template.js';
import { fetchJson } from './fetch-json.js';
import { CliFailure } from './exit-codes.js';

export interface PrefetchContext {
  readonly patientId: string;
  readonly userId: string;
  readonly encounterId?: string;
}

export interface FilledPrefetch {
  readonly prefetch: Record<string, PrefetchValue>;
  /** Keys left out, with why (P-20: a client omits what it cannot provide). */
  readonly omitted: readonly { readonly key: string; readonly reason: string }[];
}

export interface FillPrefetchInput {
  readonly templates: Readonly<Record<string, string>>;
  readonly context: PrefetchContext;
  readonly fhirBase: string;
  readonly token?: string;
}

/**
 * Fetches every template from the FHIR server, like an EHR (rendered as the service renders its own
 * fallback queries); failures omit the key rather than stop.
 */
export async function fillPrefetch(input: FillPrefetchInput): Promise<FilledPrefetch> {
  const prefetch: Record<string, PrefetchValue> = {};
  const omitted: { key: string; reason: string }[] = [];
  const headers: Record<string, string> = input.token ? { Authorization: `Bearer ${input.token}` } : {};
  await Promise.all(
    Object.entries(input.templates).map(async ([key, template]) => {
      const query = renderPrefetchTemplate(template, input.context);
      if (query === undefined) {
        omitted.push({ key, reason: 'template uses a token this client does not fill' });
        return;
      }
      try {
        const result = await fetchJson(`${input.fhirBase}/${query}`, { headers });
        const resource = result.json as FhirResource | undefined;
        if (result.status === 200 && typeof resource?.resourceType === 'string') prefetch[key] = resource;
        else omitted.push({ key, reason: `HTTP ${result.status}` });
      } catch (error) {
        if (!(error instanceof CliFailure)) throw error;
        omitted.push({ key, reason: error.message });
      }
    }),
  );
  // Keys in template order, whatever order the requests finished in.
  const ordered = Object.keys(input.templates).filter((key) => key in prefetch);
  return {
    prefetch: Object.fromEntries(ordered.map((key) => [key, prefetch[key] ?? null])),
    omitted,
  };
}
