import type { Bundle, ServiceRequest } from 'fhir/r4.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { recogniseOrders } from './recognise-orders.js';

const index = loadKnowledge().valueSets;
const CPT = 'http://www.ama-assn.org/go/cpt';

function order(
  id: string,
  code: ServiceRequest['code'],
  extra: Partial<ServiceRequest> = {},
): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'order',
    subject: { reference: 'Patient/p' },
    code,
    ...extra,
  };
}
const bundle = (...resources: object[]): Bundle => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: resources.map((resource) => ({ resource })) as Bundle['entry'],
});
const cpt = (...codes: string[]) => ({ coding: codes.map((code) => ({ system: CPT, code })) });

describe('recogniseOrders', () => {
  it.each([
    ['CPT 74740', cpt('74740'), 'hsg', 'code'],
    ['CPT 58340 alone', cpt('58340'), 'hsg', 'code'],
    ['CPT 58340 + 76831', cpt('58340', '76831'), 'sis', 'code'],
    ['CPT 74742 + 58345', cpt('74742', '58345'), 'selective-salpingography', 'code'],
    [
      'SNOMED 168884001',
      { coding: [{ system: 'http://snomed.info/sct', code: '168884001' }] },
      'hsg',
      'code',
    ],
    ['LOINC 25022-5', { coding: [{ system: 'http://loinc.org', code: '25022-5' }] }, 'hsg', 'code'],
    [
      'a local code with text "HSG"',
      { coding: [{ system: 'urn:local', code: 'X1' }], text: 'HSG' },
      'hsg',
      'text',
    ],
    ['text "Hysterosalpingography"', { text: 'Hysterosalpingography, bilateral' }, 'hsg', 'text'],
    ['text "saline infusion sonohysterogram"', { text: 'Saline infusion sonohysterogram' }, 'sis', 'text'],
    ['CPT 58340 with SIS text', { ...cpt('58340'), text: 'Sonohysterography' }, 'sis', 'code'],
  ])('%s → %s by %s', (_name, code, kind, by) => {
    const [found] = recogniseOrders(bundle(order('o1', code)), {}, index);
    expect(found).toMatchObject({ kind, recognisedBy: by, reference: 'ServiceRequest/o1' });
  });

  describe('CPT 58340 alone (the injection shared by HSG and SIS)', () => {
    const injection = {
      system: CPT,
      code: '58340',
      display:
        'Catheterization and introduction of saline or contrast material for saline infusion sonohysterography (SIS) or hysterosalpingography',
    };
    it.each([
      ['with its full display (which names both)', { coding: [injection] }, {}, 'hsg', 'unspecified'],
      [
        'with contrast in a note',
        { coding: [injection] },
        { note: [{ text: 'Omnipaque 300' }] },
        'hsg',
        'water-soluble',
      ],
      [
        'saying saline in a detail',
        { coding: [injection] },
        { orderDetail: [{ text: 'Saline distension' }] },
        'sis',
        'unspecified',
      ],
      ['with SIS text', { coding: [injection], text: 'SIS' }, {}, 'sis', 'unspecified'],
    ])('%s → %s, contrast %s, imaging code missing', (_name, code, extra, kind, contrast) => {
      const [found] = recogniseOrders(bundle(order('o1', code, extra)), {}, index);
      expect(found).toMatchObject({ kind, contrast, recognisedBy: 'code', imagingCodeMissing: true });
    });
    it('is not missing its imaging code when 74740 or 76831 is there', () => {
      const [hsg] = recogniseOrders(bundle(order('o1', cpt('74740', '58340'))), {}, index);
      const [sis] = recogniseOrders(bundle(order('o2', cpt('76831', '58340'))), {}, index);
      expect([hsg?.imagingCodeMissing, sis?.imagingCodeMissing]).toEqual([undefined, undefined]);
    });
  });

  it.each([
    ['a lumbar spine CT', cpt('72133')],
    ['the sandbox empty draft', { coding: [{}] }],
    ['no code at all', undefined],
    [
      'LOINC code 25022-5 under another system',
      { coding: [{ system: 'urn:oid:2.16.840.1.113883.6.238', code: '25022-5' }] },
    ],
    ['text that only contains HSG inside a word', { text: 'HSGX panel' }],
  ])('ignores %s', (_name, code) => {
    expect(recogniseOrders(bundle(order('o1', code)), {}, index)).toEqual([]);
  });

  it('only screens selected orders when selections are given', () => {
    const drafts = bundle(order('a', cpt('74740')), order('b', cpt('74740')));
    expect(
      recogniseOrders(drafts, { selections: ['ServiceRequest/b'] }, index).map((o) => o.reference),
    ).toEqual(['ServiceRequest/b']);
  });

  it('reads STU3 ProcedureRequest, the scheduled date and the contrast agent', () => {
    const drafts = bundle(
      {
        ...order('p', cpt('74740'), {
          occurrencePeriod: { start: '2026-12-03T09:00:00Z' },
          orderDetail: [{ text: 'Lipiodol 10 mL' }],
        }),
        resourceType: 'ProcedureRequest',
      },
      order('w', cpt('74740'), {
        occurrenceDateTime: '2026-12-04',
        orderDetail: [{ coding: [{ system: 'http://snomed.info/sct', code: '426722004' }] }],
      }),
      order('u', cpt('74740')),
    );
    const found = recogniseOrders(drafts, {}, index);
    expect(found.map((o) => [o.reference, o.scheduledDate, o.contrast])).toEqual([
      ['ProcedureRequest/p', '2026-12-03T09:00:00Z', 'oil-based'],
      ['ServiceRequest/w', '2026-12-04', 'water-soluble'],
      ['ServiceRequest/u', undefined, 'unspecified'],
    ]);
  });

  it('skips malformed entries instead of throwing', () => {
    const weird = {
      resourceType: 'Bundle',
      entry: [
        null,
        42,
        { resource: 'x' },
        { resource: { resourceType: 'ServiceRequest' } },
        { resource: order('ok', cpt('74740')) },
      ],
    };
    expect(recogniseOrders(weird as unknown as Bundle, {}, index).map((o) => o.reference)).toEqual([
      'ServiceRequest/ok',
    ]);
    expect(recogniseOrders(undefined, {}, index)).toEqual([]);
  });
});

describe('order labels', () => {
  it('uses the order text, bounded, since it is repeated on every card', () => {
    const long = order('o1', { ...cpt('74740'), text: `Hysterosalpingogram ${'x'.repeat(5000)}` });
    const [found] = recogniseOrders(bundle(long), {}, index);
    expect(found!.label.length).toBeLessThanOrEqual(120);
    const [plain] = recogniseOrders(bundle(order('o2', cpt('74740'))), {}, index);
    expect(plain!.label).toBe('Hysterosalpingography');
  });
});
