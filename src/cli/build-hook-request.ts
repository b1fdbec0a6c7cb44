import { randomUUID } from 'node:crypto';
import type { Bundle, FhirResource, ServiceRequest } from 'fhir/r4.js';
import { BillingSystems } from '../billing/billing-knowledge.js';
import type { CdsRequest, HookName, PrefetchValue } from '../protocol/cds-types.js';
import { CliFailure } from './exit-codes.js';

export const DEFAULT_CPT = '74740';
export const CLI_CLIENT_ID = 'hsg-cds-cli';

/** A draft order as order entry would send it: an HSG ServiceRequest unless another CPT code is asked for. */
export function buildDefaultOrder(patientId: string, cpt: string = DEFAULT_CPT): ServiceRequest {
  const hsg = cpt === DEFAULT_CPT;
  return {
    resourceType: 'ServiceRequest',
    id: 'hsg-cds-cli-order',
    status: 'draft',
    intent: 'order',
    code: {
      coding: [
        {
          system: BillingSystems.cpt,
          code: cpt,
          ...(hsg ? { display: 'Hysterosalpingography, radiological supervision and interpretation' } : {}),
        },
      ],
      // Free text is matched too, so only the default order claims to be an HSG in words.
      ...(hsg ? { text: 'Hysterosalpingogram' } : {}),
    },
    subject: { reference: `Patient/${patientId}` },
  };
}

function isResource(value: unknown): value is FhirResource {
  return (
    typeof value === 'object' && value !== null && typeof (value as FhirResource).resourceType === 'string'
  );
}

/** An order file holds one resource or a Bundle of them; orders without an id get one (selections need it). */
export function readOrders(json: unknown): FhirResource[] {
  if (!isResource(json)) throw new CliFailure('the order file must hold a FHIR resource or a Bundle');
  const resources =
    json.resourceType === 'Bundle'
      ? ((json as Bundle).entry ?? []).map((entry) => entry.resource).filter(isResource)
      : [json];
  if (resources.length === 0) throw new CliFailure('the order file holds a Bundle without resources');
  return resources.map((resource, i) => (resource.id ? resource : { ...resource, id: `cli-order-${i + 1}` }));
}

/** The hooks `hsg-cds call` can send: the two order hooks and patient-view (a chart opened). */
export function asServedHook(hook: string, serviceId: string): HookName {
  if (hook === 'order-select' || hook === 'order-sign' || hook === 'patient-view') return hook;
  throw new CliFailure(
    `service ${serviceId} answers '${hook}'; hsg-cds call sends order-select, order-sign and patient-view only`,
  );
}

export interface HookRequestInput {
  readonly hook: HookName;
  readonly patientId: string;
  readonly userId: string;
  readonly encounterId?: string;
  readonly orders: readonly FhirResource[];
  readonly fhirServer: string;
  readonly token?: string;
  readonly prefetch?: Readonly<Record<string, PrefetchValue>>;
}

/**
 * The request an EHR would send: context per hook (patient-view carries no orders: the service finds the
 * pending ones itself), fhirServer, and fhirAuthorization when there is a token.
 */
export function buildHookRequest(input: HookRequestInput): CdsRequest {
  const references = input.orders.map((order) => `${order.resourceType}/${order.id ?? ''}`);
  return {
    hook: input.hook,
    hookInstance: randomUUID(),
    fhirServer: input.fhirServer,
    ...(input.token
      ? {
          fhirAuthorization: {
            access_token: input.token,
            token_type: 'Bearer',
            expires_in: 300,
            scope: 'patient/*.read',
            subject: CLI_CLIENT_ID,
            patient: input.patientId,
          },
        }
      : {}),
    context: {
      userId: input.userId,
      patientId: input.patientId,
      ...(input.encounterId ? { encounterId: input.encounterId } : {}),
      ...(input.hook === 'order-select' ? { selections: references } : {}),
      ...(input.hook === 'patient-view'
        ? {}
        : {
            draftOrders: {
              resourceType: 'Bundle',
              type: 'collection',
              entry: input.orders.map((resource) => ({ resource })),
            },
          }),
    },
    ...(input.prefetch && Object.keys(input.prefetch).length > 0 ? { prefetch: input.prefetch } : {}),
  };
}
