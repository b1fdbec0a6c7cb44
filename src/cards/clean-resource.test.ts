import { cleanResource, MAX_RESOURCE_DEPTH } from './clean-resource.js';

describe('cleanResource', () => {
  it('removes null, empty strings, arrays and objects at any depth', () => {
    const dirty = {
      resourceType: 'ServiceRequest',
      id: 'a',
      status: 'draft',
      note: [],
      code: {
        coding: [null, {}, { system: 'http://www.ama-assn.org/go/cpt', code: '74740', display: '' }],
        text: null,
      },
      extension: [{ url: 'x', extension: [{}] }],
      subject: { reference: 'Patient/1' },
      quantityQuantity: { value: 0 },
      doNotPerform: false,
    };
    expect(cleanResource(dirty)).toEqual({
      resourceType: 'ServiceRequest',
      id: 'a',
      status: 'draft',
      code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '74740' }] },
      extension: [{ url: 'x' }],
      subject: { reference: 'Patient/1' },
      quantityQuantity: { value: 0 },
      doNotPerform: false,
    });
  });

  it('refuses a resource nested deeper than any real one instead of overflowing the stack', () => {
    let deep: Record<string, unknown> = { url: 'leaf' };
    for (let i = 0; i < 10_000; i++) deep = { url: 'x', extension: [deep] };
    expect(cleanResource({ resourceType: 'ServiceRequest', extension: [deep] })).toBeUndefined();
    let shallow: Record<string, unknown> = { url: 'leaf' };
    for (let i = 0; i < MAX_RESOURCE_DEPTH / 2 - 2; i++) shallow = { url: 'x', extension: [shallow] };
    expect(cleanResource({ resourceType: 'ServiceRequest', extension: [shallow] })).toBeDefined();
  });
});
