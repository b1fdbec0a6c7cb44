import type { ServiceRequest } from 'fhir/r4.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { recogniseOrders } from '../orders/recognise-orders.js';
import { addMissingCodings } from './order-update.js';
import { procedureCodesFor } from './procedure-codes.js';

const knowledge = loadKnowledge();
const CPT = 'http://www.ama-assn.org/go/cpt';

function recognise(code: ServiceRequest['code']) {
  const resource: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: 'o1',
    status: 'draft',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    code,
  };
  const bundle = { resourceType: 'Bundle' as const, type: 'collection' as const, entry: [{ resource }] };
  const [order] = recogniseOrders(bundle, {}, knowledge.valueSets);
  if (!order) throw new Error('order not recognised');
  return order;
}

describe('addMissingCodings', () => {
  const cases: { name: string; code: ServiceRequest['code']; after: string[] | undefined }[] = [
    {
      name: 'HSG with 74740 only gains 58340',
      code: { coding: [{ system: CPT, code: '74740' }] },
      after: ['74740', '58340'],
    },
    {
      name: 'HSG with both codes needs nothing',
      code: {
        coding: [
          { system: CPT, code: '58340' },
          { system: CPT, code: ' 74740' },
        ],
      },
      after: undefined,
    },
    {
      name: 'tubal catheterization with 58345 gains 74742',
      code: { coding: [{ system: CPT, code: '58345' }] },
      after: ['58345', '74742'],
    },
    {
      name: 'SIS with 76831 gains 58340',
      code: { coding: [{ system: CPT, code: '76831' }] },
      after: ['76831', '58340'],
    },
    {
      name: 'a SNOMED-coded HSG keeps its coding and gains the CPT pair',
      code: { coding: [{ system: 'http://snomed.info/sct', code: '168884001' }] },
      after: ['168884001', '74740', '58340'],
    },
    {
      name: 'HSG with both codes, 58340 under the CPT OID, needs nothing',
      code: {
        coding: [
          { system: 'urn:oid:2.16.840.1.113883.6.12', code: '58340' },
          { system: CPT, code: '74740' },
        ],
      },
      after: undefined,
    },
    {
      name: 'a text-only HSG gains the CPT pair',
      code: { text: 'Hysterosalpingogram' },
      after: ['74740', '58340'],
    },
  ];

  it.each(cases)('$name', ({ code, after }) => {
    const order = recognise(code);
    const before = structuredClone(order.resource);
    const update = addMissingCodings(
      order,
      procedureCodesFor(order.kind, knowledge).map((p) => p.coding),
      knowledge.canonicalSystem,
    );
    expect(update?.resource.code?.coding?.map((c) => c.code)).toEqual(after);
    if (update) {
      expect(update.resource.code?.text).toBe(code?.text);
      expect(update.added.every((c) => c.system === CPT)).toBe(true);
    }
    expect(order.resource).toEqual(before);
  });
});
