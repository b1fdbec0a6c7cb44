import type { FhirResource } from 'fhir/r4.js';
import type { CdsRequest, HookName } from '../../protocol/cds-types.js';
import { draftOrdersBundle, type Basket } from './order-basket.js';

export interface HookRequestInput {
  readonly hook: HookName;
  readonly hookInstance: string;
  readonly fhirServer: string;
  readonly userId: string;
  readonly patientId: string;
  readonly basket: Basket;
  readonly prefetch: Readonly<Record<string, FhirResource>>;
}

/**
 * A CDS Hooks 2.0 request. order-select names the order being edited in `selections`; order-sign sends
 * every draft order and no selections; patient-view (the chart opened) sends neither.
 */
export function buildHookRequest(input: HookRequestInput): CdsRequest {
  const selections =
    input.hook === 'order-select' && input.basket.current ? [input.basket.current] : undefined;
  return {
    hook: input.hook,
    hookInstance: input.hookInstance,
    fhirServer: input.fhirServer,
    context: {
      userId: input.userId,
      patientId: input.patientId,
      ...(selections ? { selections } : {}),
      ...(input.hook === 'patient-view' ? {} : { draftOrders: draftOrdersBundle(input.basket) }),
    },
    prefetch: input.prefetch,
  };
}
