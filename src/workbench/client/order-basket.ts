import type { Bundle, FhirResource } from 'fhir/r4.js';
import type { CdsAction } from '../../protocol/cds-types.js';
import { kindOfOrder } from './draft-order.js';
import { randomUuid } from './uuid.js';

/** The draft orders of the encounter, like an EHR's order basket, and which one the form edits. */
export interface Basket {
  readonly orders: readonly FhirResource[];
  /** Reference (`ServiceRequest/id`) of the order the form edits, if any. */
  readonly current: string | undefined;
}

export const EMPTY_BASKET: Basket = { orders: [], current: undefined };

export function referenceOf(resource: FhirResource): string {
  return `${resource.resourceType}/${resource.id ?? ''}`;
}

/** `ServiceRequest/abc` as given, or a bare id matched against every order's id. */
function matches(resource: FhirResource, resourceId: string): boolean {
  return resourceId.includes('/') ? referenceOf(resource) === resourceId : resource.id === resourceId;
}

export function findOrder(basket: Basket, reference: string | undefined): FhirResource | undefined {
  return reference === undefined ? undefined : basket.orders.find((o) => referenceOf(o) === reference);
}

/** Adds the order, or replaces the one with the same type and id. */
export function putOrder(basket: Basket, order: FhirResource): Basket {
  const reference = referenceOf(order);
  const exists = basket.orders.some((o) => referenceOf(o) === reference);
  const orders = exists
    ? basket.orders.map((o) => (referenceOf(o) === reference ? order : o))
    : [...basket.orders, order];
  return { ...basket, orders };
}

export function removeOrder(basket: Basket, reference: string): Basket {
  const orders = basket.orders.filter((o) => referenceOf(o) !== reference);
  return {
    orders,
    current: pickCurrent(orders, basket.current === reference ? undefined : basket.current, []),
  };
}

/** Keeps the edited order while it exists; otherwise the first created, then the first remaining, imaging order. */
function pickCurrent(
  orders: readonly FhirResource[],
  current: string | undefined,
  created: readonly string[],
): string | undefined {
  const isEditable = (o: FhirResource) => kindOfOrder(o) !== undefined;
  if (current && orders.some((o) => referenceOf(o) === current)) return current;
  const next =
    orders.find((o) => created.includes(referenceOf(o)) && isEditable(o)) ?? orders.find(isEditable);
  return next ? referenceOf(next) : undefined;
}

export interface AppliedActions {
  readonly basket: Basket;
  /** Actions that could not be applied, in words, for the page to show. */
  readonly problems: readonly string[];
}

/** Applies a suggestion's actions to the basket, as the EHR would (CDS Hooks 2.0 §Action). */
export function applyActions(basket: Basket, actions: readonly CdsAction[]): AppliedActions {
  let orders = [...basket.orders];
  const created: string[] = [];
  const problems: string[] = [];
  for (const action of actions) {
    if (action.type === 'delete') {
      const id = action.resourceId ?? '';
      const before = orders.length;
      orders = orders.filter((o) => !matches(o, id));
      if (orders.length === before)
        problems.push(`Nothing to delete for ${id || 'an action without resourceId'}`);
    } else if (!action.resource) {
      problems.push(`The ${action.type} action has no resource`);
    } else if (action.type === 'create') {
      const resource = action.resource.id ? action.resource : { ...action.resource, id: randomUuid() };
      orders.push(resource);
      created.push(referenceOf(resource));
    } else {
      const reference = referenceOf(action.resource);
      const index = orders.findIndex((o) => referenceOf(o) === reference);
      if (index < 0) problems.push(`Nothing to update for ${reference}`);
      else orders[index] = action.resource;
    }
  }
  return { basket: { orders, current: pickCurrent(orders, basket.current, created) }, problems };
}

/** `context.draftOrders`: a collection Bundle of every draft order. */
export function draftOrdersBundle(basket: Basket): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: basket.orders.map((resource) => ({ resource })),
  };
}
