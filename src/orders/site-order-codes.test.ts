import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, ServiceRequest } from 'fhir/r4.js';
import { StartupError } from '../errors.js';
import { loadKnowledge } from '../knowledge/load-knowledge.js';
import { draftServiceRequest } from '../../test/support/rules-fixtures.js';
import { projectRoot } from '../project-root.js';
import { recogniseOrders } from './recognise-orders.js';
import { loadSiteOrderCodes, parseSiteOrderCodes } from './site-order-codes.js';

const MAP_FILE = join(projectRoot(), 'test/fixtures/site/site-order-codes.json');
const EPIC_EAP = 'urn:oid:1.2.840.114350.1.13.0.1.7.2.696580';
const ORACLE_200 = 'https://fhir.cerner.com/ec2458f2-1e24-41c8-b71b-0e701af7583d/codeSet/200';

const siteMap = loadSiteOrderCodes(MAP_FILE);
const withSite = loadKnowledge(undefined, { valueSetSupplements: siteMap.supplements });
const shipped = loadKnowledge();

function kindOf(code: ServiceRequest['code'], knowledge = withSite) {
  const resource: ServiceRequest = { ...draftServiceRequest({}, 'o1'), code };
  const bundle: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource }] };
  const [order] = recogniseOrders(bundle, {}, knowledge.valueSets);
  return order ? { kind: order.kind, by: order.recognisedBy } : undefined;
}

describe('site order codes (SITE_ORDER_CODES ConceptMap)', () => {
  it('maps site codes to the order kinds, recognised by code', () => {
    expect(siteMap.codeCount).toBe(3);
    expect(kindOf({ coding: [{ system: EPIC_EAP, code: 'IMG1234' }] })).toEqual({ kind: 'hsg', by: 'code' });
    expect(kindOf({ coding: [{ system: EPIC_EAP, code: 'IMG1240' }] })).toEqual({
      kind: 'selective-salpingography',
      by: 'code',
    });
    expect(kindOf({ coding: [{ system: ORACLE_200, code: '4182779', userSelected: true }] })).toEqual({
      kind: 'sis',
      by: 'code',
    });
    expect(kindOf({ coding: [{ system: EPIC_EAP, code: 'IMG9999' }] })).toBeUndefined();
  });

  it('leaves the shipped knowledge alone: without the map the same codes are unknown', () => {
    expect(kindOf({ coding: [{ system: EPIC_EAP, code: 'IMG1234' }] }, shipped)).toBeUndefined();
  });

  it('without a map, Epic and Oracle site codes are recognised through code.text', () => {
    const epic = { coding: [{ system: EPIC_EAP, code: '89123' }], text: 'FL HYSTEROSALPINGOGRAM' };
    const oracle = {
      coding: [{ system: ORACLE_200, code: '3976772', userSelected: true }],
      text: 'US Sonohysterogram Saline Infusion',
    };
    expect(kindOf(epic, shipped)).toEqual({ kind: 'hsg', by: 'text' });
    expect(kindOf(oracle, shipped)).toEqual({ kind: 'sis', by: 'text' });
  });

  const base = JSON.parse(readFileSync(MAP_FILE, 'utf8')) as {
    group: { source?: string; target?: string; element: { code?: string; target?: unknown[] }[] }[];
  };
  const broken = (change: (map: typeof base) => void) => {
    const copy = structuredClone(base);
    change(copy);
    return copy;
  };
  it.each([
    ['not a ConceptMap', { resourceType: 'ValueSet' }, /\(root\) must be a FHIR ConceptMap/],
    ['no group', { resourceType: 'ConceptMap', group: [] }, /group must list at least one group/],
    [
      'a group without source',
      broken((m) => delete m.group[0]!.source),
      /group\[0\]\.source must name the site code system/,
    ],
    [
      'another target system',
      broken((m) => (m.group[0]!.target = 'http://snomed.info/sct')),
      /group\[0\]\.target must be http:\/\/hsg-cds\.org\/fhir\/CodeSystem\/order-kind/,
    ],
    [
      'an unknown order kind',
      broken((m) => (m.group[0]!.element[0]!.target = [{ code: 'mri' }])),
      /group\[0\]\.element\[0\]\.target\[0\]\.code must be one of hsg, selective-salpingography, sis/,
    ],
    [
      'two kinds for one code',
      broken((m) => m.group[0]!.element.push({ code: 'IMG1234', target: [{ code: 'sis' }] })),
      /group\[0\]\.element\[2\]\.code maps .*IMG1234 a second time/,
    ],
  ])('refuses %s, naming where', (_name, raw, message) => {
    expect(() => parseSiteOrderCodes(raw)).toThrow(message);
  });

  it('a supplement for a value set the knowledge does not have stops start-up', () => {
    expect(() => loadKnowledge(undefined, { valueSetSupplements: new Map([['urn:x', []]]) })).toThrow(
      /unknown value set urn:x/,
    );
  });

  it('a file that is not JSON stops start-up naming SITE_ORDER_CODES', () => {
    expect(() => loadSiteOrderCodes('/x.json', () => '{')).toThrow(StartupError);
    expect(() => loadSiteOrderCodes('/x.json', () => '{')).toThrow(/^SITE_ORDER_CODES file \/x\.json/);
  });
});
