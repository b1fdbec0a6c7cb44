import type { CodeableConcept, Condition, ServiceRequest } from 'fhir/r4.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import type { RecognisedOrder } from '../orders/recognised-order.js';
import type { PatientRecord } from '../rules/types.js';
import { findIndications, formatIcd10cm } from './indications.js';

const knowledge = loadKnowledge();
/** A date of service in FY2027 (from 1 October 2026). */
const FY2027 = new Date('2026-12-02T10:00:00Z');
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const SCT = 'http://snomed.info/sct';
const concept = (system: string, code: string): CodeableConcept => ({ coding: [{ system, code }] });

function condition(
  id: string,
  code: string,
  status?: string,
  verification?: string,
  system = ICD,
): Condition {
  const cs = (s: string, c: string) => concept(`http://terminology.hl7.org/CodeSystem/${s}`, c);
  return {
    resourceType: 'Condition',
    id,
    subject: { reference: 'Patient/p1' },
    ...(status ? { clinicalStatus: cs('condition-clinical', status) } : {}),
    ...(verification ? { verificationStatus: cs('condition-ver-status', verification) } : {}),
    code: concept(system, code),
  };
}

function orderWith(extra: Partial<ServiceRequest>): RecognisedOrder {
  const resource: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: 'o1',
    status: 'draft',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    ...extra,
  };
  return {
    reference: 'ServiceRequest/o1',
    resourceType: 'ServiceRequest',
    resource,
    kind: 'hsg',
    recognisedBy: 'code',
    label: 'HSG',
    scheduledDate: undefined,
    contrast: 'unspecified',
  };
}

function recordWith(conditions: Condition[], unavailable?: string): PatientRecord {
  return {
    patientId: 'p1',
    patient: undefined,
    conditions,
    allergies: [],
    observations: [],
    procedures: [],
    medicationRequests: [],
    medicationAdministrations: [],
    unavailable: new Map(unavailable ? [['conditions', unavailable]] : []),
  };
}

describe('findIndications', () => {
  const cases: {
    name: string;
    order?: Partial<ServiceRequest>;
    conditions?: Condition[];
    unavailable?: string;
    supporting: string[];
    other?: string[];
    notes?: RegExp[];
  }[] = [
    {
      name: 'reasonCode with the dot',
      order: { reasonCode: [concept(ICD, 'N97.1')] },
      supporting: ['N97.1 order reasonCode'],
    },
    {
      name: 'reasonCode without the dot, lower case',
      order: { reasonCode: [concept(ICD, 'z3141')] },
      supporting: ['Z31.41 order reasonCode'],
    },
    {
      name: 'reasonReference to a resolved Condition (by id, any clinical status)',
      order: { reasonReference: [{ reference: 'https://ehr.example/fhir/Condition/c1/_history/2' }] },
      conditions: [condition('c1', 'N96', 'resolved')],
      supporting: ['N96 Condition/c1'],
    },
    {
      name: 'reasonReference not in the record, and to a refuted Condition',
      order: { reasonReference: [{ reference: 'Condition/missing' }, { reference: 'Condition/c1' }] },
      conditions: [condition('c1', 'N97.9', 'active', 'refuted')],
      supporting: [],
      notes: [/Condition\/missing is not among/, /Condition\/c1 is refuted or entered in error/],
    },
    {
      name: 'active Conditions: Q51.x and D25.x by is-a; inactive, unknown-status, entered-in-error ignored',
      conditions: [
        condition('c1', 'Q51.3', 'active'),
        condition('c2', 'D25.0', 'relapse'),
        condition('c3', 'N97.9', 'inactive'),
        condition('c4', 'N97.0'),
        condition('c5', 'N97.2', 'active', 'entered-in-error'),
        condition('c6', 'J45.909', 'active'),
      ],
      supporting: ['Q51.3 Condition/c1', 'D25.0 Condition/c2'],
    },
    {
      name: 'the same code on the order and a Condition is listed once',
      order: { reasonCode: [concept(ICD, 'N97.9')] },
      conditions: [condition('c1', 'N979', 'active')],
      supporting: ['N97.9 order reasonCode+Condition/c1'],
    },
    {
      name: 'non-indications on the order are kept apart; Q51.0, O26.21 and N97.3 are not indications',
      order: {
        reasonCode: [
          concept(ICD, 'R10.2'),
          concept(ICD, 'Q51.0'),
          concept(ICD, 'O26.21'),
          concept(ICD, 'N97.3'),
        ],
      },
      supporting: [],
      other: ['R10.2', 'Q51.0', 'O26.21', 'N97.3'],
    },
    {
      name: 'SNOMED indications are recognised too',
      conditions: [condition('c1', '6738008', 'active', undefined, SCT)],
      supporting: ['6738008 Condition/c1'],
    },
    {
      name: 'Conditions unavailable',
      unavailable: 'FHIR server answered 500',
      supporting: [],
      notes: [/could not be obtained \(FHIR server answered 500\)/],
    },
  ];

  it.each(cases)('$name', (c) => {
    const report = findIndications(
      orderWith(c.order ?? {}),
      recordWith(c.conditions ?? [], c.unavailable),
      knowledge,
      FY2027,
    );
    expect(report.supporting.map((i) => `${i.coding.code} ${i.sources.join('+')}`)).toEqual(c.supporting);
    expect(report.otherReasons.map((i) => i.coding.code)).toEqual(c.other ?? []);
    expect(report.notes).toHaveLength(c.notes?.length ?? 0);
    c.notes?.forEach((pattern, i) => expect(report.notes[i]).toMatch(pattern));
  });

  it('gives the value set display, falling back to the record display', () => {
    const report = findIndications(
      orderWith({
        reasonCode: [
          { coding: [{ system: ICD, code: 'N971', display: 'local text' }] },
          { coding: [{ system: ICD, code: 'Q51.3', display: 'Bicornate uterus' }] },
        ],
      }),
      recordWith([]),
      knowledge,
      FY2027,
    );
    expect(report.supporting.map((i) => i.coding.display)).toEqual([
      'Female infertility of tubal origin',
      'Bicornate uterus',
    ]);
  });

  describe('only codes billable on the date of service are claimable', () => {
    const report = (codes: string[], date = FY2027) =>
      findIndications(
        orderWith({ reasonCode: codes.map((c) => concept(ICD, c)) }),
        recordWith([]),
        knowledge,
        date,
      );

    it('a category header (Q51, D25, Q51.1, Q51.81) is supporting but not billable, and never replaced', () => {
      const r = report(['Q51', 'D25', 'Q51.1', 'Q51.81', 'Q51.3']);
      expect(r.supporting.map((i) => i.coding.code)).toEqual(['Q51', 'D25', 'Q51.1', 'Q51.81', 'Q51.3']);
      expect(r.claimable.map((i) => i.coding.code)).toEqual(['Q51.3']);
      expect(r.notBillable.map((n) => `${n.indication.coding.code} ${n.reason}`)).toEqual([
        'Q51 header',
        'D25 header',
        'Q51.1 header',
        'Q51.81 header',
      ]);
      expect(r.fiscalYear).toBe(2027);
    });

    it('follows the fiscal year of the date: Q51.20 was billable in FY2020 only', () => {
      expect(report(['Q51.20'], new Date('2020-06-01T00:00:00Z')).claimable).toHaveLength(1);
      const now = report(['Q51.20']);
      expect(now.claimable).toHaveLength(0);
      expect(now.notBillable[0]?.reason).toBe('not-in-year');
    });

    it('a code that does not exist is not claimable', () => {
      expect(report(['Q51.99']).notBillable.map((n) => n.reason)).toEqual(['not-in-year']);
    });
  });

  it.each([
    ['N971', 'N97.1'],
    ['n97.1', 'N97.1'],
    ['N96', 'N96'],
    ['Z98.891', 'Z98.891'],
  ])('formatIcd10cm(%s) = %s', (code, formatted) => expect(formatIcd10cm(code)).toBe(formatted));
});
