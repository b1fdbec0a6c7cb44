import type { ServiceRequest } from 'fhir/r4.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import type { ContrastKind } from '../orders/recognised-order.js';
import { readContrastDocumentation, type ContrastDocumentation } from './contrast-documentation.js';

const knowledge = loadKnowledge();

function draft(extra: Partial<ServiceRequest>): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    ...extra,
  };
}

describe('readContrastDocumentation', () => {
  const cases: {
    name: string;
    kind: ContrastKind;
    order: ServiceRequest;
    expected: ContrastDocumentation;
  }[] = [
    {
      name: 'brand and concentration in orderDetail text, volume after a comma',
      kind: 'water-soluble',
      order: draft({ orderDetail: [{ text: 'Omnipaque 300, 10 mL' }] }),
      expected: { agent: 'Omnipaque 300, 10 mL', concentration: 300, volumeMl: 10 },
    },
    {
      name: 'explicit mg I/mL and a decimal volume in a note',
      kind: 'water-soluble',
      order: draft({ orderDetail: [{ text: 'Iohexol 240 mgI/mL' }], note: [{ text: 'expect 12.5 ml' }] }),
      expected: { agent: 'Iohexol 240 mgI/mL', concentration: 240, volumeMl: 12.5 },
    },
    {
      name: 'hyphenated brand (Isovue-370) and a volume before the name',
      kind: 'water-soluble',
      order: draft({ orderDetail: [{ text: '20 mL Isovue-370' }] }),
      expected: { agent: '20 mL Isovue-370', concentration: 370, volumeMl: 20 },
    },
    {
      name: 'a three-digit volume is not a concentration',
      kind: 'water-soluble',
      order: draft({ orderDetail: [{ text: 'Visipaque 100 mL' }] }),
      expected: { agent: 'Visipaque 100 mL', concentration: undefined, volumeMl: 100 },
    },
    {
      name: 'quantityQuantity in mg/mL and in mL',
      kind: 'water-soluble',
      order: draft({ orderDetail: [{ text: 'Omnipaque' }], quantityQuantity: { value: 15, unit: 'mL' } }),
      expected: { agent: 'Omnipaque', concentration: undefined, volumeMl: 15 },
    },
    {
      name: 'concentration from quantityQuantity',
      kind: 'water-soluble',
      order: draft({ orderDetail: [{ text: 'Iopamidol' }], quantityQuantity: { value: 300, code: 'mg/mL' } }),
      expected: { agent: 'Iopamidol', concentration: 300, volumeMl: undefined },
    },
    {
      name: 'agent from a coded orderDetail',
      kind: 'water-soluble',
      order: draft({
        orderDetail: [
          {
            coding: [
              { system: 'http://snomed.info/sct', code: '426722004', display: 'Iodinated contrast media' },
            ],
          },
        ],
      }),
      expected: { agent: 'Iodinated contrast media', concentration: undefined, volumeMl: undefined },
    },
    {
      name: 'oil-based agent in a note',
      kind: 'oil-based',
      order: draft({ note: [{ text: 'Use Lipiodol 5 cc' }] }),
      expected: { agent: 'Use Lipiodol 5 cc', concentration: undefined, volumeMl: 5 },
    },
    {
      name: 'nothing stated',
      kind: 'unspecified',
      order: draft({ code: { text: 'HSG' } }),
      expected: { agent: undefined, concentration: undefined, volumeMl: undefined },
    },
  ];

  it.each(cases)('$name', ({ kind, order, expected }) => {
    expect(readContrastDocumentation(order, kind, knowledge.valueSets)).toEqual(expected);
  });
});
