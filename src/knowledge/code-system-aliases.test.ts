import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, Coding, NamingSystem, Observation, ServiceRequest, ValueSet } from 'fhir/r4.js';
import { findIndications } from '../billing/indications.js';
import { recogniseOrders } from '../orders/recognise-orders.js';
import { buildPrefetchPlan } from '../services/prefetch-plan.js';
import { buildCodeSystemAliases, CodeSystemAliasError } from './code-system-aliases.js';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from './load-knowledge.js';
import { buildValueSetIndex, ICD10CM_SYSTEM } from './value-set-index.js';

const knowledge = loadKnowledge();
const namingSystems: NamingSystem[] = readdirSync(DEFAULT_KNOWLEDGE_DIR)
  .filter((f) => f.startsWith('NamingSystem-'))
  .map((f) => JSON.parse(readFileSync(join(DEFAULT_KNOWLEDGE_DIR, f), 'utf8')) as NamingSystem);
const aliases = buildCodeSystemAliases(namingSystems);

const CPT = 'http://www.ama-assn.org/go/cpt';
const HCPCS = 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/** Every alias the issue and ../shared/reference/ehr-clients.md name, with the system it stands for. */
const EXPECTED: [alias: string, preferred: string][] = [
  ['urn:oid:2.16.840.1.113883.6.12', CPT],
  ['urn:oid:2.16.840.1.113883.6.1', LOINC],
  ['urn:oid:2.16.840.1.113883.6.96', SNOMED],
  ['urn:oid:2.16.840.1.113883.6.90', ICD10CM_SYSTEM],
  ['urn:oid:2.16.840.1.113883.6.88', RXNORM],
  ['urn:oid:2.16.840.1.113883.6.285', HCPCS],
  ['http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', HCPCS],
  ['https://bluebutton.cms.gov/resources/codesystem/hcpcs', HCPCS],
];

/** One code per preferred system as the knowledge enumerates it (RxNorm and HCPCS: a test value set). */
const SAMPLE: Record<string, { url: string; code: string }> = {
  [CPT]: { url: 'http://hsg-cds.org/fhir/ValueSet/hsg-order', code: '74740' },
  [LOINC]: { url: 'http://hsg-cds.org/fhir/ValueSet/ctng-naat', code: '43304-5' },
  [SNOMED]: { url: 'http://hsg-cds.org/fhir/ValueSet/hsg-order', code: '168884001' },
  [ICD10CM_SYSTEM]: { url: 'http://hsg-cds.org/fhir/ValueSet/gynecologic-malignancy', code: 'C55' },
};

describe('code-system aliases (NamingSystem resources in fhir-profiles/)', () => {
  it('declares every alias named in the issue and the EHR reference', () => {
    for (const [alias, preferred] of EXPECTED) expect(aliases.canonical(alias)).toBe(preferred);
    expect(aliases.canonical('http://example.org/other')).toBe('http://example.org/other');
  });

  it('the loaded knowledge resolves them the same way', () => {
    for (const [alias, preferred] of EXPECTED) expect(knowledge.canonicalSystem(alias)).toBe(preferred);
  });

  it.each(EXPECTED)(
    'a code sent under %s matches the value sets that list it under %s',
    (alias, preferred) => {
      const sample = SAMPLE[preferred];
      if (sample) {
        expect(knowledge.valueSets.has(sample.url, { system: alias, code: sample.code })).toBe(true);
        expect(knowledge.valueSets.has(sample.url, { system: `${alias}.9`, code: sample.code })).toBe(false);
        return;
      }
      // No shipped value set enumerates RxNorm or HCPCS codes: an index built with the same aliases.
      const vs: ValueSet = {
        resourceType: 'ValueSet',
        url: 'urn:test',
        status: 'draft',
        compose: { include: [{ system: preferred, concept: [{ code: 'X1' }] }] },
      };
      const index = buildValueSetIndex([vs], {
        systemAliases: aliases.map,
        prefixHierarchySystems: new Set(),
      });
      expect(index.has('urn:test', { system: alias, code: 'X1' })).toBe(true);
    },
  );

  it('refuses one alias declared for two code systems', () => {
    const ns = (uri: string): NamingSystem => ({
      resourceType: 'NamingSystem',
      name: uri,
      status: 'active',
      kind: 'codesystem',
      date: '2026-12-02',
      uniqueId: [
        { type: 'uri', value: uri, preferred: true },
        { type: 'oid', value: '1.2.3' },
      ],
    });
    expect(() => buildCodeSystemAliases([ns('urn:a'), ns('urn:b')])).toThrow(CodeSystemAliasError);
  });
});

describe('orders, billing and prefetch filters match through the aliases', () => {
  const order = (coding: Coding[]): ServiceRequest => ({
    resourceType: 'ServiceRequest',
    id: 'o1',
    status: 'draft',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    code: { coding },
    reasonCode: [{ coding: [{ system: 'urn:oid:2.16.840.1.113883.6.90', code: 'N97.1' }] }],
  });
  const bundle = (resource: ServiceRequest): Bundle => ({
    resourceType: 'Bundle',
    type: 'collection',
    entry: [{ resource }],
  });

  it('an HSG order coded with the CPT OID is recognised by code', () => {
    const [recognised] = recogniseOrders(
      bundle(order([{ system: 'urn:oid:2.16.840.1.113883.6.12', code: '74740' }])),
      {},
      knowledge.valueSets,
    );
    expect(recognised).toMatchObject({ kind: 'hsg', recognisedBy: 'code' });
  });

  it('an ICD-10-CM reason under its OID is a claimable indication, reported under the canonical URI', () => {
    const [recognised] = recogniseOrders(
      bundle(order([{ system: 'urn:oid:2.16.840.1.113883.6.96', code: '168884001' }])),
      {},
      knowledge.valueSets,
    );
    const record = { conditions: [], unavailable: new Map() } as unknown as Parameters<
      typeof findIndications
    >[1];
    const report = findIndications(recognised!, record, knowledge, new Date('2026-11-02T12:00:00Z'));
    expect(report.claimable.map((i) => i.coding)).toEqual([
      expect.objectContaining({ system: ICD10CM_SYSTEM, code: 'N97.1' }),
    ]);
  });

  it('the observation prefetch filter accepts a LOINC code under its OID', () => {
    const observations = buildPrefetchPlan(knowledge).find((e) => e.key === 'observations');
    const observation = (system: string): Observation => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system, code: '43304-5' }] },
    });
    expect(observations?.accepts?.(observation('urn:oid:2.16.840.1.113883.6.1'))).toBe(true);
    expect(observations?.accepts?.(observation('urn:oid:2.16.840.1.113883.6.238'))).toBe(false);
  });
});
