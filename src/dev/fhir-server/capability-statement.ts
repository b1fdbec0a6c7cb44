import { globalSchema } from '@medplum/core';
import type {
  CapabilityStatement,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceSearchParam,
} from 'fhir/r4.js';

/** The resource types the test server is exercised with; the router itself accepts any type. */
export const SUPPORTED_RESOURCE_TYPES = [
  'Patient',
  'Condition',
  'Observation',
  'AllergyIntolerance',
  'Procedure',
  'MedicationRequest',
  'MedicationAdministration',
  'ServiceRequest',
] as const;

type SearchParamType = CapabilityStatementRestResourceSearchParam['type'];
const SEARCH_PARAM_TYPES: readonly string[] = [
  'number',
  'date',
  'string',
  'token',
  'reference',
  'composite',
  'quantity',
  'uri',
  'special',
];

/** Answers `GET /metadata`, which FhirRouter lacks (it would treat `metadata` as a resource type). */
export function buildCapabilityStatement(
  baseUrl: string,
  startedAt: Date,
  requiresBearer: boolean,
): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: startedAt.toISOString(),
    kind: 'instance',
    software: { name: 'hsg-cds in-memory FHIR test server (@medplum/fhir-router 4.5.2)' },
    implementation: { description: 'In-memory FHIR R4 server for tests and the demo', url: baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        ...(requiresBearer
          ? { security: { description: 'Every request needs Authorization: Bearer <token>' } }
          : {}),
        resource: SUPPORTED_RESOURCE_TYPES.map(describeResource),
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
      },
    ],
  };
}

function describeResource(type: string): CapabilityStatementRestResource {
  const params = globalSchema.types[type]?.searchParams ?? {};
  const searchParam = Object.entries(params)
    .filter((entry): entry is [string, (typeof entry)[1] & { type: SearchParamType }] =>
      SEARCH_PARAM_TYPES.includes(entry[1].type ?? ''),
    )
    .map(([name, param]) => ({ name, type: param.type }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    type,
    interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }, { code: 'update' }],
    searchParam,
  };
}
