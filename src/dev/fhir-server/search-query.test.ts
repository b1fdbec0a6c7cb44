import { loadFhirDefinitions } from './fhir-definitions.js';
import { InvalidSearchError, prepareSearch, qualifyBareReferences } from './search-query.js';

beforeAll(() => loadFhirDefinitions());

describe('qualifyBareReferences', () => {
  it('prefixes bare ids of single-target reference parameters, comma lists included', () => {
    expect(qualifyBareReferences('Observation', 'patient', 'abc')).toBe('Patient/abc');
    expect(qualifyBareReferences('Condition', 'patient', 'a,Patient/b')).toBe('Patient/a,Patient/b');
  });

  it('leaves multi-target, modified, non-reference and typed values alone', () => {
    expect(qualifyBareReferences('Observation', 'subject', 'abc')).toBe('abc');
    expect(qualifyBareReferences('Observation', 'patient:missing', 'true')).toBe('true');
    expect(qualifyBareReferences('Observation', 'code', '2106-3')).toBe('2106-3');
    expect(qualifyBareReferences('Observation', 'patient', 'Patient/abc')).toBe('Patient/abc');
  });
});

describe('prepareSearch', () => {
  it('pages every search, with a default _count and _offset 0', () => {
    const prepared = prepareSearch('Observation', new URLSearchParams('patient=p1&code=x'), 20);
    expect(prepared.query.toString()).toBe('patient=Patient%2Fp1&code=x&_count=20&_offset=0');
    expect([prepared.count, prepared.offset]).toEqual([20, 0]);
  });

  it('keeps the client _count and _offset and refuses malformed ones', () => {
    const prepared = prepareSearch('Observation', new URLSearchParams('_count=5&_offset=10'), 20);
    expect([prepared.count, prepared.offset]).toEqual([5, 10]);
    expect(() => prepareSearch('Observation', new URLSearchParams('_offset=-1'), 20)).toThrow(
      InvalidSearchError,
    );
  });
});
