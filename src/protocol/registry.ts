import { UnknownServiceError } from '../errors.js';
import type { CdsDiscoveryResponse } from './cds-types.js';
import { toDescriptor, type CdsServiceDefinition } from './service-definition.js';

export interface ServiceRegistry<Deps> {
  discovery(): CdsDiscoveryResponse;
  /** The definition for an id, or UnknownServiceError (404). */
  find(id: string): CdsServiceDefinition<Deps>;
}

/** Discovery and routing read the same ordered list: there is no second list to drift. */
export function createServiceRegistry<Deps>(
  definitions: readonly CdsServiceDefinition<Deps>[],
): ServiceRegistry<Deps> {
  const byId = new Map<string, CdsServiceDefinition<Deps>>();
  for (const definition of definitions) {
    if (byId.has(definition.id)) throw new Error(`Duplicate CDS service id ${definition.id}`);
    byId.set(definition.id, definition);
  }
  const discovery: CdsDiscoveryResponse = Object.freeze({ services: definitions.map(toDescriptor) });
  return {
    discovery: () => discovery,
    find(id) {
      const definition = byId.get(id);
      if (!definition) throw new UnknownServiceError(id);
      return definition;
    },
  };
}
