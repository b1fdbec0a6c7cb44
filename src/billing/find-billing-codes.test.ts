import type { Coding, Condition, Extension, ServiceRequest } from 'fhir/r4.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { recogniseOrders } from '../orders/recognise-orders.js';
import type { Finding, PatientRecord, ScreeningInput } from '../rules/types.js';
import { CodingExtension } from './billing-knowledge.js';
import { findBillingCodes } from './find-billing-codes.js';

const knowledge = loadKnowledge();
const CPT = 'http://www.ama-assn.org/go/cpt';
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const SCT = 'http://snomed.info/sct';
const POS = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';
const ROLE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

const cpt = (code: string): Coding => ({ system: CPT, code });
const concept = (system: string, code: string, display?: string) => ({
  coding: [{ system, code, ...(display ? { display } : {}) }],
});

function order(codes: string[], extra: Partial<ServiceRequest> = {}, text?: string): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id: 'o1',
    status: 'draft',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    code: { coding: codes.map(cpt), ...(text ? { text } : {}) },
    ...extra,
  };
}

function condition(id: string, code: string, status = 'active', system = ICD): Condition {
  return {
    resourceType: 'Condition',
    id,
    subject: { reference: 'Patient/p1' },
    clinicalStatus: concept('http://terminology.hl7.org/CodeSystem/condition-clinical', status),
    code: concept(system, code),
  };
}

interface Case {
  readonly name: string;
  readonly order: ServiceRequest;
  readonly conditions?: Condition[];
  readonly setting?: 'office' | 'facility';
  readonly hook?: ScreeningInput['hook'];
}

function run(c: Case): Finding {
  const record: PatientRecord = {
    patientId: 'p1',
    patient: undefined,
    conditions: c.conditions ?? [],
    allergies: [],
    observations: [],
    procedures: [],
    medicationRequests: [],
    medicationAdministrations: [],
    unavailable: new Map(),
  };
  const draftOrders = {
    resourceType: 'Bundle' as const,
    type: 'collection' as const,
    entry: [{ resource: c.order }],
  };
  const orders = recogniseOrders(draftOrders, {}, knowledge.valueSets);
  const findings = findBillingCodes({
    record,
    orders,
    draftOrders: [c.order],
    hook: c.hook ?? 'order-select',
    knowledge,
    now: new Date('2026-03-01T10:00:00Z'),
    settings: { cycleDayWindow: { first: 6, last: 12 }, billingSetting: c.setting ?? 'facility' },
  });
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

const ext = (coding: Coding, url: string): Extension | undefined =>
  coding.extension?.find((e) => e.url === url);

/** `74740-26`, `58340`, `Q9967*` (alternative), `N97.1`: the card codings in claim notation. */
function notation(finding: Finding): string[] {
  return (finding.codings ?? []).map((c) => {
    const modifier = ext(c, CodingExtension.modifier)?.valueCoding?.code;
    const alternative = ext(c, CodingExtension.alternative)?.valueBoolean ? '*' : '';
    return `${c.code ?? ''}${modifier ? `-${modifier}` : ''}${alternative}`;
  });
}

const omnipaque300 = { orderDetail: [{ text: 'Omnipaque 300, 10 mL' }] };

describe('findBillingCodes: codes per kind of order, setting and contrast', () => {
  const cases: (Case & { readonly codes: string[]; readonly text: RegExp[] })[] = [
    {
      name: 'HSG in a facility (default setting), water-soluble 300 mg I/mL',
      order: order(['74740'], omnipaque300),
      codes: ['74740-26', '58340', 'Q9967'],
      text: [/\*\*facility\*\* setting, from the configured BILLING\\_SETTING/, /10 units/],
    },
    {
      name: 'HSG in an office (POS 11 on locationCode): global, no modifier; TC alternative explained',
      order: order(['74740', '58340'], { ...omnipaque300, locationCode: [concept(POS, '11', 'Office')] }),
      codes: ['74740', '58340', 'Q9967'],
      text: [/\*\*office\*\* setting, from the order's locationCode: 11 \\\(Office\\\)/, /74740-TC/],
    },
    {
      name: 'HSG with office configured but POS 22 on the order: the order wins',
      order: order(['74740'], { ...omnipaque300, locationCode: [concept(POS, '22')] }),
      setting: 'office',
      codes: ['74740-26', '58340', 'Q9967'],
      text: [/from the order's locationCode: 22 \\\(On Campus-Outpatient Hospital\\\)/],
    },
    {
      name: 'HSG with an unmapped clinic locationCode falls back to the configuration',
      order: order(['74740'], { ...omnipaque300, locationCode: [concept(ROLE, 'GYN')] }),
      setting: 'office',
      codes: ['74740', '58340', 'Q9967'],
      text: [/configured BILLING\\_SETTING \\\(office/, /locationCode GYN does not decide the setting/],
    },
    {
      name: 'HSG at a contained Location of type PROFF',
      order: order(['74740'], {
        ...omnipaque300,
        contained: [
          { resourceType: 'Location', id: 'loc', type: [concept(ROLE, 'PROFF', "Provider's Office")] },
        ],
        locationReference: [{ reference: '#loc' }],
      }),
      codes: ['74740', '58340', 'Q9967'],
      text: [/from the type of Location \\#loc: PROFF/],
    },
    {
      name: 'HSG at a Location that is not contained: not read, configuration used',
      order: order(['74740'], { ...omnipaque300, locationReference: [{ reference: 'Location/x' }] }),
      codes: ['74740-26', '58340', 'Q9967'],
      text: [/locationReference Location\/x was not read/],
    },
    {
      name: 'HSG with a hospital performerType',
      order: order(['74740'], { ...omnipaque300, performerType: concept(ROLE, 'HOSP') }),
      setting: 'office',
      codes: ['74740-26', '58340', 'Q9967'],
      text: [/from the order's performerType: HOSP/],
    },
    {
      name: 'HSG, water-soluble with unknown concentration: every band listed as an alternative',
      order: order(['74740'], { orderDetail: [{ text: 'Water-soluble iodinated contrast' }] }),
      codes: ['74740-26', '58340', 'Q9965*', 'Q9966*', 'Q9967*', 'Q9951*'],
      text: [/the documented iodine concentration decides/, /volume not stated/],
    },
    {
      name: 'HSG with Isovue-200 and the volume in quantityQuantity',
      order: order(['74740'], {
        orderDetail: [{ text: 'Isovue-200' }],
        quantityQuantity: { value: 12, unit: 'mL' },
      }),
      codes: ['74740-26', '58340', 'Q9966'],
      text: [/200 mg I\/mL; 12 mL/],
    },
    {
      name: 'HSG with oil-based contrast: reported per payer, no HCPCS code',
      order: order(['74740'], { orderDetail: [concept(SCT, '419297002', 'Lipiodol')] }),
      codes: ['74740-26', '58340'],
      text: [/agent as ordered “Lipiodol”/, /report it as the payer instructs/],
    },
    {
      name: 'HSG without any contrast stated',
      order: order(['74740']),
      codes: ['74740-26', '58340'],
      text: [/agent not named on the order/, /The order does not name the contrast agent/],
    },
    {
      name: 'Selective salpingography / tubal catheterization in a facility',
      order: order(['74742'], omnipaque300),
      codes: ['74742-26', '58345', 'Q9967'],
      text: [/58345\*\*.*not added for the same injection/],
    },
    {
      name: 'SIS in a facility: 76831-26 + 58340, no contrast supply',
      order: order(['76831', '58340']),
      codes: ['76831-26', '58340'],
      text: [/No -26\/-TC/],
    },
    {
      name: 'SIS in an office: global',
      order: order(['76831']),
      setting: 'office',
      codes: ['76831', '58340'],
      text: [/76831-TC/],
    },
  ];

  it.each(cases)('$name', (c) => {
    const finding = run(c);
    expect(finding.kind).toBe('billing-codes');
    expect(finding.severity).toBe('info');
    expect(notation(finding)).toEqual(c.codes);
    for (const pattern of c.text) expect(finding.explanation).toMatch(pattern);
    expect(finding.explanation).not.toMatch(/undefined/);
    expect(finding.summary.length).toBeGreaterThan(10);
  });

  it('says which component each CPT code covers, machine-readably', () => {
    const finding = run({ name: 'hsg', order: order(['74740'], omnipaque300) });
    const components = (finding.codings ?? []).map(
      (c) => ext(c, CodingExtension.component)?.valueCoding?.code,
    );
    expect(components).toEqual([
      'supervision-interpretation',
      'catheterization-injection',
      'contrast-supply',
    ]);
    const modifier = ext(finding.codings![0]!, CodingExtension.modifier)?.valueCoding;
    expect(modifier).toEqual({ system: CPT, code: '26', display: 'Professional component' });
    const units = ext(finding.codings![2]!, CodingExtension.units)?.valueQuantity;
    expect(units).toMatchObject({ value: 10, code: 'mL' });
  });

  it('leaves SIS without a contrast section', () => {
    expect(run({ name: 'sis', order: order(['76831']) }).explanation).not.toMatch(/HCPCS/);
  });
});

describe('findBillingCodes: diagnoses (the full table is in indications.test.ts)', () => {
  const hsg = (extra: Partial<ServiceRequest>) => order(['74740', '58340'], { ...omnipaque300, ...extra });
  const cases: (Case & { readonly icd: string[]; readonly text: RegExp[] })[] = [
    {
      name: 'ICD-10-CM without the dot on the order, given dotted with its display',
      order: hsg({ reasonCode: [concept(ICD, 'n971')] }),
      conditions: [condition('c1', 'N97.1')],
      icd: ['N97.1'],
      text: [/\*\*N97\.1\*\* Female infertility of tubal origin: from order reasonCode; Condition\/c1/],
    },
    {
      name: 'none: the card says so and shows the non-indication reason',
      order: hsg({ reasonCode: [concept(ICD, 'R10.2', 'Pelvic and perineal pain')] }),
      icd: [],
      text: [/No supporting indication was found/, /Not a recognised HSG indication: R10\.2/],
    },
    {
      name: 'SNOMED female infertility: listed, needs an ICD-10-CM code',
      order: hsg({}),
      conditions: [condition('c1', '6738008', 'active', SCT)],
      icd: [],
      text: [/\*\*6738008\*\* Female infertility: from Condition\/c1 \(SNOMED CT\)/],
    },
  ];

  it.each(cases)('$name', (c) => {
    const finding = run(c);
    const icd = (finding.codings ?? []).filter((x) => x.system === ICD).map((x) => x.code);
    expect(icd).toEqual(c.icd);
    for (const pattern of c.text) expect(finding.explanation).toMatch(pattern);
    expect(finding.summary).toContain(
      c.icd.length ? `ICD-10-CM ${c.icd.join(', ')}` : 'no supporting ICD-10-CM',
    );
  });
});

describe('findBillingCodes: order-sign update suggestion', () => {
  it('offers the full draft order with the missing CPT coding beside its codes', () => {
    const draft = order(['74740'], { note: [{ text: 'keep me' }] }, 'Study');
    const [intent, ...more] = run({ name: '', order: draft, hook: 'order-sign' }).suggestions;
    expect(more).toHaveLength(0);
    if (intent?.kind !== 'update-order') throw new Error('expected an update');
    expect(intent.label).toBe('Add CPT 58340 to the order');
    expect(intent.resource).toMatchObject({ id: 'o1', note: [{ text: 'keep me' }], code: { text: 'Study' } });
    expect(intent.resource.code?.coding?.map((c) => c.code)).toEqual(['74740', '58340']);
  });

  it.each([
    ['order-sign with both codes', 'order-sign' as const, ['74740', '58340']],
    ['order-select', 'order-select' as const, ['74740']],
  ])('%s: no suggestion', (_name, hook, codes) => {
    expect(run({ name: '', order: order(codes), hook }).suggestions).toEqual([]);
  });
});

describe('findBillingCodes: what never reaches a claim', () => {
  it('a category header is named "not billable: pick a specific code", never coded, never replaced', () => {
    const finding = run({
      name: '',
      order: order(['74740', '58340'], {
        ...omnipaque300,
        reasonCode: [concept(ICD, 'Q51'), concept(ICD, 'D25')],
      }),
      conditions: [condition('c1', 'Q51.81')],
    });
    expect((finding.codings ?? []).filter((c) => c.system === ICD)).toEqual([]);
    expect(finding.explanation).toMatch(
      /\*\*Q51\*\* Congenital malformations of uterus and cervix: \*\*not billable: pick a specific code\*\*/,
    );
    expect(finding.explanation).toMatch(/\*\*D25\*\* .*not billable: pick a specific code/);
    expect(finding.explanation).toMatch(/\*\*Q51\.81\*\* .*not billable: pick a specific code/);
    expect(finding.explanation).not.toMatch(/Q51\.8[0-9]{2}|D25\.[0-9]/);
    expect(finding.summary).toContain('ICD-10-CM: pick a specific code');
  });

  it('checks ICD-10-CM in the fiscal year of the scheduled date', () => {
    const finding = run({
      name: '',
      order: order(['74740', '58340'], {
        reasonCode: [concept(ICD, 'Q51.20')],
        occurrenceDateTime: '2020-05-01',
      }),
    });
    expect((finding.codings ?? []).filter((c) => c.system === ICD).map((c) => c.code)).toEqual(['Q51.20']);
    expect(finding.explanation).toMatch(/FY2020, date of service 2020-05-01/);
  });

  it.each(['order-select', 'order-sign'] as const)(
    '%s: CPT 58340 alone bills the injection only and says the imaging code is missing',
    (hook) => {
      const finding = run({ name: '', order: order(['58340']), hook });
      expect(notation(finding).filter((c) => /^\d{5}/.test(c))).toEqual(['58340']);
      expect(finding.explanation).toMatch(/Imaging code missing:.*Add 74740 \(.*\) or 76831 \(/);
      expect(finding.summary).toMatch(/^Billing codes: CPT 58340 \(imaging code missing\)/);
      expect(finding.suggestions).toEqual([]);
    },
  );
});
