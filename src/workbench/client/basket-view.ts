import type { FhirResource } from 'fhir/r4.js';
import { h, replaceChildren } from './dom.js';
import { referenceOf, type Basket } from './order-basket.js';
import { conceptText } from './patient-facts.js';

function orderText(order: FhirResource): string {
  if (order.resourceType === 'ServiceRequest') return conceptText(order.code);
  if (order.resourceType === 'MedicationRequest') return conceptText(order.medicationCodeableConcept);
  return order.resourceType;
}

function orderDetails(order: FhirResource): string {
  if (order.resourceType !== 'ServiceRequest') return order.resourceType;
  const codes = (order.code?.coding ?? []).map((c) => c.code).filter(Boolean);
  return [codes.length > 0 ? `CPT/code ${codes.join(' + ')}` : undefined, order.occurrenceDateTime]
    .filter(Boolean)
    .join(' · ');
}

/** The pending (draft) orders, with the one the form edits marked, each removable. */
export function renderBasket(list: HTMLElement, basket: Basket, onRemove: (reference: string) => void): void {
  if (basket.orders.length === 0) {
    replaceChildren(list, h('li', { class: 'basket__empty' }, 'No pending orders: choose a procedure.'));
    return;
  }
  replaceChildren(
    list,
    ...basket.orders.map((order) => {
      const reference = referenceOf(order);
      const editing = reference === basket.current;
      return h(
        'li',
        {
          class: editing ? 'basket__order basket__order--current' : 'basket__order',
          'data-reference': reference,
        },
        h('span', { class: 'basket__text' }, orderText(order)),
        editing ? h('span', { class: 'basket__badge' }, 'editing') : null,
        h(
          'button',
          {
            type: 'button',
            class: 'basket__remove',
            'aria-label': `Remove ${orderText(order)}`,
            onclick: () => onRemove(reference),
          },
          '×',
        ),
        h('span', { class: 'basket__details' }, orderDetails(order)),
      );
    }),
  );
}
