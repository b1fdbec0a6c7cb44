import { describe, expect, test } from '@jest/globals';
import type { FhirResource, MedicationRequest, ServiceRequest } from 'fhir/r4.js';
import { newDraftOrder, writeOrderForm } from './draft-order.js';
import {
  applyActions,
  draftOrdersBundle,
  putOrder,
  referenceOf,
  removeOrder,
  type Basket,
} from './order-basket.js';

const base = { patientId: 'p1', userId: 'Practitioner/u1', authoredOn: '2026-12-01' };
const form = { reasons: [], scheduledDate: '', contrast: 'water-soluble', place: 'unspecified' } as const;
const hsg = writeOrderForm(newDraftOrder({ ...base, id: 'hsg' }), { ...form, kind: 'hsg' });
const sis: ServiceRequest = writeOrderForm(newDraftOrder({ ...base, id: 'sis' }), { ...form, kind: 'sis' });
const doxycycline: MedicationRequest = {
  resourceType: 'MedicationRequest',
  id: 'doxy',
  status: 'draft',
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  medicationCodeableConcept: { text: 'Doxycycline' },
};
const basket: Basket = { orders: [hsg], current: 'ServiceRequest/hsg' };
const refs = (b: Basket) => b.orders.map(referenceOf);

describe('applyActions', () => {
  test('replace (delete + create) moves the form to the created order', () => {
    const { basket: next, problems } = applyActions(basket, [
      { type: 'delete', description: 'Remove HSG', resourceId: 'ServiceRequest/hsg' },
      { type: 'create', description: 'Order SIS', resource: sis },
    ]);
    expect(problems).toEqual([]);
    expect(next).toEqual({ orders: [sis], current: 'ServiceRequest/sis' });
  });

  test('create of another kind of order keeps the order being edited', () => {
    const { basket: next } = applyActions(basket, [
      { type: 'create', description: 'Order doxycycline', resource: doxycycline },
    ]);
    expect(refs(next)).toEqual(['ServiceRequest/hsg', 'MedicationRequest/doxy']);
    expect(next.current).toBe('ServiceRequest/hsg');
  });

  test('a created resource without id gets one, so it can be referenced later', () => {
    const { id: _id, ...anonymous } = doxycycline;
    const { basket: next } = applyActions(basket, [
      { type: 'create', description: 'x', resource: anonymous as FhirResource },
    ]);
    expect(next.orders[1]?.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  test('update replaces the order with the same type and id; delete accepts a bare id', () => {
    const coded = { ...hsg, note: [{ text: 'updated' }] };
    const updated = applyActions(basket, [
      { type: 'update', description: 'Add codes', resource: coded },
    ]).basket;
    expect(updated.orders).toEqual([coded]);
    const emptied = applyActions(updated, [
      { type: 'delete', description: 'Cancel', resourceId: 'hsg' },
    ]).basket;
    expect(emptied).toEqual({ orders: [], current: undefined });
  });

  test('says which actions could not be applied', () => {
    const { basket: next, problems } = applyActions(basket, [
      { type: 'delete', description: 'x', resourceId: 'ServiceRequest/absent' },
      { type: 'update', description: 'x', resource: sis },
      { type: 'create', description: 'x' },
    ]);
    expect(next).toEqual(basket);
    expect(problems).toEqual([
      'Nothing to delete for ServiceRequest/absent',
      'Nothing to update for ServiceRequest/sis',
      'The create action has no resource',
    ]);
  });
});

describe('basket edits', () => {
  test('removing the edited order moves the form to the next imaging order, or to none', () => {
    const both = putOrder(putOrder(basket, doxycycline), sis);
    expect(removeOrder(both, 'ServiceRequest/hsg').current).toBe('ServiceRequest/sis');
    expect(removeOrder(removeOrder(both, 'ServiceRequest/hsg'), 'ServiceRequest/sis')).toEqual({
      orders: [doxycycline],
      current: undefined,
    });
  });

  test('draftOrders is a collection Bundle of every order', () => {
    expect(draftOrdersBundle(putOrder(basket, doxycycline))).toEqual({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: hsg }, { resource: doxycycline }],
    });
  });
});
