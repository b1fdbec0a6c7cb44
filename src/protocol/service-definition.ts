import type { CdsRequest, CdsResponse, CdsServiceDescriptor, HookName } from './cds-types.js';

/** What the protocol layer knows about the caller of one hook call. */
export interface CallContext {
  /** Issuer of the verified JWT, when authentication is on. */
  readonly issuer?: string;
  readonly tenant?: string;
  readonly signal?: AbortSignal;
  /** Adds PHI-free fields (counts, codes, durations) to the call's log line. */
  readonly annotate?: (fields: Readonly<Record<string, string | number | boolean>>) => void;
}

export interface ServiceCall {
  readonly request: CdsRequest;
  readonly caller: CallContext;
}

/**
 * One CDS service, declared once: discovery and routing both read this object (as HAPI's
 * `@CdsService` does). `prefetch` holds the final templates as advertised.
 */
export interface CdsServiceDefinition<Deps> {
  readonly id: string;
  readonly hook: HookName;
  readonly title: string;
  readonly description: string;
  readonly usageRequirements?: string;
  readonly prefetch: Readonly<Record<string, string>>;
  handle(call: ServiceCall, deps: Deps): Promise<CdsResponse>;
}

export function toDescriptor<Deps>(definition: CdsServiceDefinition<Deps>): CdsServiceDescriptor {
  const { id, hook, title, description, usageRequirements, prefetch } = definition;
  return {
    hook,
    id,
    title,
    description,
    ...(usageRequirements ? { usageRequirements } : {}),
    ...(Object.keys(prefetch).length > 0 ? { prefetch } : {}),
  };
}
