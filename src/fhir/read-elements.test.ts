import { describe, expect, test } from '@jest/globals';
import type { CodeableConcept } from 'fhir/r4.js';
import { arrayOf, codingsOf, objectsIn, stringOf, textsOf } from './read-elements.js';

/** What EHRs send where FHIR says a CodeableConcept is. */
const malformed = (value: unknown) => value as CodeableConcept;

describe('reading EHR-supplied elements', () => {
  test('a repeating element that is not an array reads as empty', () => {
    expect(arrayOf('x')).toEqual([]);
    expect(arrayOf(undefined)).toEqual([]);
    expect(arrayOf([1, null])).toEqual([1, null]);
    expect(objectsIn([{ a: 1 }, null, 'x', [2]] as never)).toEqual([{ a: 1 }]);
    expect(objectsIn({ a: 1 } as never)).toEqual([]);
  });

  test('strings only where a string is expected', () => {
    expect(stringOf('a')).toBe('a');
    expect(stringOf(1)).toBeUndefined();
  });

  test('codings and texts of a concept, skipping what is not one', () => {
    const concept = malformed({
      text: ' HSG ',
      coding: [null, 'x', { system: 's', code: 'c', display: 'Hysterosalpingography' }, { display: '  ' }],
    });
    expect(codingsOf(concept)).toEqual([
      { system: 's', code: 'c', display: 'Hysterosalpingography' },
      { display: '  ' },
    ]);
    expect(textsOf(concept)).toEqual([' HSG ', 'Hysterosalpingography']);
    expect(codingsOf(malformed('HSG'))).toEqual([]);
    expect(textsOf(malformed({ text: 42, coding: 'x' }))).toEqual([]);
    expect(textsOf(undefined)).toEqual([]);
  });
});
