import type { ValueSet } from 'fhir/r4.js';
import { buildValueSetIndex, ICD10CM_SYSTEM, TEXT_SYSTEM, ValueSetCompileError } from './value-set-index.js';

const LOINC = 'http://loinc.org';
const RACE = 'urn:oid:2.16.840.1.113883.6.238';
const HCPCS = 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const HCPCS_HTTP = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';

function vs(url: string, compose: ValueSet['compose']): ValueSet {
  return { resourceType: 'ValueSet', url, status: 'draft', compose };
}

const options = {
  systemAliases: new Map([[HCPCS_HTTP, HCPCS]]),
  prefixHierarchySystems: new Set([ICD10CM_SYSTEM]),
};

describe('buildValueSetIndex', () => {
  const index = buildValueSetIndex(
    [
      vs('urn:hcg', { include: [{ system: LOINC, concept: [{ code: '2106-3' }] }] }),
      vs('urn:pid', {
        include: [{ system: ICD10CM_SYSTEM, filter: [{ property: 'concept', op: 'is-a', value: 'N70' }] }],
        exclude: [{ system: ICD10CM_SYSTEM, concept: [{ code: 'N70.11' }] }],
      }),
      vs('urn:contrast', { include: [{ system: HCPCS, concept: [{ code: 'Q9967' }] }] }),
      vs('urn:text', {
        include: [{ system: TEXT_SYSTEM, filter: [{ property: 'text', op: 'regex', value: '\\bHSG\\b' }] }],
      }),
      vs('urn:union', { include: [{ valueSet: ['urn:hcg', 'urn:contrast'] }] }),
    ],
    options,
  );

  it('matches on system and code: LOINC 2106-3 is not the CDC race code 2106-3', () => {
    expect(index.has('urn:hcg', { system: LOINC, code: '2106-3' })).toBe(true);
    expect(index.has('urn:hcg', { system: RACE, code: '2106-3' })).toBe(false);
    expect(index.has('urn:hcg', { code: '2106-3' })).toBe(false);
  });

  it('ICD-10-CM: is-a is a prefix match, with or without the dot, and excludes win', () => {
    expect(index.has('urn:pid', { system: ICD10CM_SYSTEM, code: 'N70.03' })).toBe(true);
    expect(index.has('urn:pid', { system: ICD10CM_SYSTEM, code: 'n7003' })).toBe(true);
    expect(index.has('urn:pid', { system: ICD10CM_SYSTEM, code: 'N71.0' })).toBe(false);
    expect(index.has('urn:pid', { system: ICD10CM_SYSTEM, code: 'N7011' })).toBe(false);
  });

  it('treats the http and https HCPCS URIs as one system', () => {
    expect(index.has('urn:contrast', { system: HCPCS_HTTP, code: 'Q9967' })).toBe(true);
  });

  it('unions value sets, matches text filters and lists enumerated codes', () => {
    expect(index.has('urn:union', { system: LOINC, code: '2106-3' })).toBe(true);
    const nested = buildValueSetIndex(
      [
        vs('urn:pid', {
          include: [{ system: ICD10CM_SYSTEM, filter: [{ property: 'concept', op: 'is-a', value: 'N70' }] }],
          exclude: [{ system: ICD10CM_SYSTEM, concept: [{ code: 'N70.11' }] }],
        }),
        vs('urn:wrapper', { include: [{ valueSet: ['urn:pid'] }] }),
      ],
      options,
    );
    expect(nested.has('urn:wrapper', { system: ICD10CM_SYSTEM, code: 'N70.03' })).toBe(true);
    expect(nested.has('urn:wrapper', { system: ICD10CM_SYSTEM, code: 'N70.11' })).toBe(false);
    expect(index.matchesText('urn:text', 'Modified hsg for Essure')).toBe(true);
    expect(index.matchesText('urn:text', 'HSGX')).toBe(false);
    expect(index.enumerated('urn:union')).toEqual([
      { system: LOINC, code: '2106-3' },
      { system: HCPCS, code: 'Q9967' },
    ]);
    expect(
      index.firstMatch('urn:hcg', [
        { system: RACE, code: '2106-3' },
        { system: LOINC, code: '2106-3' },
      ]),
    ).toEqual({
      system: LOINC,
      code: '2106-3',
    });
  });

  it('matches a concept by any coding, its text or a display, as an EHR sends it', () => {
    const text = { coding: [{ system: TEXT_SYSTEM, code: 'x' }] };
    expect(
      index.matchesConcept('urn:hcg', {
        coding: [
          { system: RACE, code: '1' },
          { system: LOINC, code: '2106-3' },
        ],
      }),
    ).toBe(true);
    expect(index.matchesConcept('urn:text', { text: 'Modified HSG' })).toBe(true);
    expect(index.matchesConcept('urn:text', { coding: [null, { display: 'HSG, bilateral' }] })).toBe(true);
    expect(index.matchesConcept('urn:text', text)).toBe(false);
    expect(index.matchesConcept('urn:hcg', { text: '2106-3' })).toBe(false);
    for (const malformed of [undefined, null, 'HSG', 42, { coding: 'HSG' }, { text: ['HSG'] }]) {
      expect(index.matchesConcept('urn:text', malformed)).toBe(false);
    }
    expect(() => index.matchesConcept('urn:unknown', { text: 'HSG' })).toThrow('Unknown value set');
  });

  it('gives the display of an enumerated code, whatever form the code came in', () => {
    const withDisplays = buildValueSetIndex(
      [
        vs('urn:icd', {
          include: [{ system: ICD10CM_SYSTEM, concept: [{ code: 'N97.1', display: 'Tubal infertility' }] }],
        }),
      ],
      options,
    );
    expect(withDisplays.display('urn:icd', { system: ICD10CM_SYSTEM, code: 'n971' })).toBe(
      'Tubal infertility',
    );
    expect(withDisplays.display('urn:icd', { system: ICD10CM_SYSTEM, code: 'N97.2' })).toBeUndefined();
    expect(withDisplays.display('urn:icd', { code: 'N97.1' })).toBeUndefined();
  });

  it('ignores malformed codings instead of throwing', () => {
    expect(index.has('urn:hcg', { system: LOINC, code: 42 as unknown as string })).toBe(false);
    expect(index.firstMatch('urn:hcg', 'nope' as never)).toBeUndefined();
  });

  it.each([
    [
      'a SNOMED is-a filter (needs a terminology server)',
      vs('urn:x', {
        include: [
          { system: 'http://snomed.info/sct', filter: [{ property: 'concept', op: 'is-a', value: '1' }] },
        ],
      }),
    ],
    [
      'an invalid regex',
      vs('urn:x', {
        include: [{ system: TEXT_SYSTEM, filter: [{ property: 'text', op: 'regex', value: '(' }] }],
      }),
    ],
    ['a whole code system', vs('urn:x', { include: [{ system: 'http://loinc.org' }] })],
    ['an unknown included value set', vs('urn:x', { include: [{ valueSet: ['urn:missing'] }] })],
  ])('rejects %s', (_name, bad) => {
    expect(() => buildValueSetIndex([bad], options)).toThrow(ValueSetCompileError);
  });
});
