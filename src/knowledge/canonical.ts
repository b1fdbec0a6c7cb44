/** Canonical base of every conformance and knowledge resource this project publishes in fhir-profiles/. */
export const CANONICAL_BASE = 'http://hsg-cds.org/fhir';

export const valueSetUrl = (name: string): string => `${CANONICAL_BASE}/ValueSet/${name}`;
export const codeSystemUrl = (name: string): string => `${CANONICAL_BASE}/CodeSystem/${name}`;
export const activityDefinitionUrl = (name: string): string => `${CANONICAL_BASE}/ActivityDefinition/${name}`;

/** The CodeSystem whose codes are the card topics (`source.topic`): one code per kind of finding. */
export const FINDING_KIND_SYSTEM = codeSystemUrl('finding-kind');
/** The CodeSystem of override reasons offered on cards. */
export const OVERRIDE_REASON_SYSTEM = codeSystemUrl('override-reason');
