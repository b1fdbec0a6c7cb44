import type { FhirResource, Patient } from 'fhir/r4.js';
import { isBundle, isFhirResource } from './wire.js';
import { resourcesIn } from '../../fhir/read-elements.js';

/** What one GET against the FHIR server gave: a resource (possibly an OperationOutcome) or a failure. */
export type FhirReadResult =
  | { readonly ok: true; readonly status: number; readonly resource: FhirResource }
  | {
      readonly ok: false;
      readonly status?: number;
      readonly reason: string;
      readonly resource?: FhirResource;
    };

export type FhirReader = (relativeUrl: string) => Promise<FhirReadResult>;

/** GETs relative to the FHIR base URL, as the browser's fetch (the server must send CORS headers). */
export function createFhirReader(baseUrl: string): FhirReader {
  return async (relativeUrl) => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/${relativeUrl}`, { headers: { Accept: 'application/fhir+json' } });
    } catch {
      return { ok: false, reason: 'the FHIR server could not be reached (or sent no CORS headers)' };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { ok: false, status: response.status, reason: `HTTP ${response.status}, not JSON` };
    }
    if (!isFhirResource(body)) return { ok: false, status: response.status, reason: 'not a FHIR resource' };
    if (!response.ok)
      return { ok: false, status: response.status, reason: `HTTP ${response.status}`, resource: body };
    return { ok: true, status: response.status, resource: body };
  };
}

/** Up to 100 patients, optionally those whose name matches, sorted by display name. */
export async function searchPatients(read: FhirReader, name: string): Promise<Patient[]> {
  const query = new URLSearchParams({ _count: '100' });
  if (name.trim()) query.set('name', name.trim());
  const result = await read(`Patient?${query.toString()}`);
  if (!result.ok) throw new Error(`Patient search failed: ${result.reason}`);
  if (!isBundle(result.resource)) throw new Error('Patient search did not answer a Bundle');
  return resourcesIn(result.resource)
    .filter((r): r is Patient => r.resourceType === 'Patient' && typeof r.id === 'string')
    .sort((a, b) => patientName(a).localeCompare(patientName(b)));
}

/** `Amara Nwosu · Synthetic — pregnant`: the structured name, and the text when it says more. */
export function patientName(patient: Patient): string {
  const name = patient.name?.[0];
  const structured = [...(name?.given ?? []), name?.family].filter(Boolean).join(' ').trim();
  const text = name?.text?.trim() ?? '';
  const label = structured && text && text !== structured ? `${structured} · ${text}` : structured || text;
  return label || `Patient/${patient.id ?? '?'}`;
}
