import { describe, expect, test } from '@jest/globals';
import type { ServiceRequest } from 'fhir/r4.js';
import {
  EMPTY_FORM,
  kindOfOrder,
  newDraftOrder,
  readOrderForm,
  writeOrderForm,
  type OrderForm,
} from './draft-order.js';
import { CPT, ICD10CM, PLACE_OF_SERVICE, SNOMED } from './order-catalog.js';

const draft = newDraftOrder({
  id: 'o1',
  patientId: 'p1',
  userId: 'Practitioner/u1',
  authoredOn: '2026-12-01T09:00:00Z',
});
const hsgForm: OrderForm = {
  kind: 'hsg',
  reasons: ['N97.9', 'N96'],
  scheduledDate: '2026-12-02',
  contrast: 'oil-based',
  place: 'office',
};
const codes = (order: ServiceRequest) =>
  order.code?.coding?.map((c) => `${c.system === CPT ? 'CPT' : '?'} ${c.code}`);

describe('writeOrderForm', () => {
  test('writes an HSG draft as an EHR would code it', () => {
    const order = writeOrderForm(draft, hsgForm);
    expect(order).toMatchObject({
      resourceType: 'ServiceRequest',
      id: 'o1',
      status: 'draft',
      intent: 'order',
      subject: { reference: 'Patient/p1' },
      requester: { reference: 'Practitioner/u1' },
      occurrenceDateTime: '2026-12-02',
      code: { text: 'Hysterosalpingogram' },
    });
    expect(codes(order)).toEqual(['CPT 74740', 'CPT 58340']);
    expect(order.reasonCode?.map((r) => r.coding?.[0]?.code)).toEqual(['N97.9', 'N96']);
    expect(order.orderDetail?.[0]?.coding?.[0]).toMatchObject({ system: SNOMED, code: '109224005' });
    expect(order.locationCode?.[0]?.coding?.[0]).toMatchObject({ system: PLACE_OF_SERVICE, code: '11' });
  });

  test('reads back exactly the form it was written from', () => {
    expect(readOrderForm(writeOrderForm(draft, hsgForm))).toEqual(hsgForm);
    const sis = {
      ...hsgForm,
      kind: 'sis' as const,
      contrast: 'unspecified' as const,
      place: 'facility' as const,
    };
    expect(readOrderForm(writeOrderForm(draft, sis))).toEqual(sis);
  });

  test('SIS carries no contrast, whatever the contrast field says', () => {
    const order = writeOrderForm(draft, { ...hsgForm, kind: 'sis' });
    expect(codes(order)).toEqual(['CPT 76831', 'CPT 58340']);
    expect(order.orderDetail).toBeUndefined();
  });

  test('keeps codes a suggestion added while the procedure stays, and replaces them when it changes', () => {
    const updated = writeOrderForm(draft, hsgForm);
    updated.code?.coding?.push({ system: CPT, code: '74740', display: 'with modifier' });
    expect(writeOrderForm(updated, { ...hsgForm, scheduledDate: '2026-12-03' }).code).toEqual(updated.code);
    expect(codes(writeOrderForm(updated, { ...hsgForm, kind: 'selective-salpingography' }))).toEqual([
      'CPT 74742',
      'CPT 58345',
    ]);
  });

  test('keeps reasons, details and locations the form does not manage, and clears what it unsets', () => {
    const foreign = {
      coding: [{ system: ICD10CM, code: 'Z31.41', display: 'Encounter for fertility testing' }],
    };
    const base: ServiceRequest = {
      ...writeOrderForm(draft, hsgForm),
      reasonCode: [foreign],
      orderDetail: [{ text: 'Patient prefers morning' }],
    };
    const order = writeOrderForm(base, { ...EMPTY_FORM, kind: 'hsg', contrast: 'unspecified' });
    expect(order.reasonCode).toEqual([foreign]);
    expect(order.orderDetail).toEqual([{ text: 'Patient prefers morning' }]);
    expect(order.locationCode).toBeUndefined();
    expect(order.occurrenceDateTime).toBeUndefined();
  });

  test('refuses to write without a procedure', () => {
    expect(() => writeOrderForm(draft, EMPTY_FORM)).toThrow(/procedure/);
  });
});

describe('kindOfOrder', () => {
  test('by CPT or SNOMED code first, then by text; other resources are not orders of the form', () => {
    const order = (code: ServiceRequest['code']): ServiceRequest => ({ ...draft, code });
    expect(
      kindOfOrder(
        order({
          coding: [
            { system: CPT, code: '58340' },
            { system: CPT, code: '76831' },
          ],
        }),
      ),
    ).toBe('sis');
    expect(kindOfOrder(order({ coding: [{ system: SNOMED, code: '168884001' }] }))).toBe('hsg');
    expect(kindOfOrder(order({ text: 'Saline infusion sonohysterography' }))).toBe('sis');
    expect(kindOfOrder(order({ text: 'HSG please' }))).toBe('hsg');
    expect(kindOfOrder(order({ text: 'Pelvic ultrasound' }))).toBeUndefined();
    // A suggestion's order as an EHR might mangle it: read by its text, not a crash.
    expect(kindOfOrder(order({ text: 'HSG', coding: 'x' as never }))).toBe('hsg');
    expect(
      kindOfOrder({ resourceType: 'MedicationRequest', status: 'draft', intent: 'order', subject: {} }),
    ).toBeUndefined();
  });
});
