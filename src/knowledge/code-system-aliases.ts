import type { NamingSystem } from 'fhir/r4.js';

/**
 * The names one code system goes by (CPT as `http://www.ama-assn.org/go/cpt` or
 * `urn:oid:2.16.840.1.113883.6.12`, HCPCS under three URIs and an OID …), from the NamingSystem
 * resources in fhir-profiles/. Every comparison of a Coding.system with the knowledge goes through
 * `canonical`: the value-set index compiles and probes with it, and billing keys its codes by it.
 */
export interface CodeSystemAliases {
  /** The preferred URI of a system known under several names; any other system unchanged. */
  canonical(system: string): string;
  /** alias → preferred URI (the preferred URI maps to itself). */
  readonly map: ReadonlyMap<string, string>;
}

export class CodeSystemAliasError extends Error {}

/** NamingSystem.uniqueId as a Coding.system: a URI as given, an OID as `urn:oid:<oid>`. */
function systemNameOf(uniqueId: NamingSystem['uniqueId'][number]): string | undefined {
  if (uniqueId.type === 'uri') return uniqueId.value;
  if (uniqueId.type === 'oid') return `urn:oid:${uniqueId.value.replace(/^urn:oid:/, '')}`;
  return undefined;
}

export function buildCodeSystemAliases(namingSystems: readonly NamingSystem[]): CodeSystemAliases {
  const map = new Map<string, string>();
  for (const ns of namingSystems) {
    const uris = ns.uniqueId.filter((u) => u.type === 'uri').map((u) => u.value);
    const preferred = ns.uniqueId.find((u) => u.type === 'uri' && u.preferred)?.value ?? uris[0];
    if (!preferred) throw new CodeSystemAliasError(`NamingSystem ${ns.name} has no uri uniqueId`);
    for (const uniqueId of ns.uniqueId) {
      const name = systemNameOf(uniqueId);
      if (name === undefined) continue;
      const earlier = map.get(name);
      if (earlier !== undefined && earlier !== preferred) {
        throw new CodeSystemAliasError(`${name} is declared as a name of both ${earlier} and ${preferred}`);
      }
      map.set(name, preferred);
    }
  }
  return { canonical: (system) => map.get(system) ?? system, map };
}
