import type { Bundle } from 'fhir/r4.js';
import { shiftBundleDates } from './shift-dates.js';

describe('shiftBundleDates', () => {
  it('moves dates and dateTimes by the offset between the two clocks, keeping their precision', () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: {
            resourceType: 'Observation',
            id: 'o-2026',
            status: 'final',
            code: { text: 'hCG 2026-12-01' },
            effectiveDateTime: '2026-11-28T09:00:00Z',
            issued: '2026-11-28T09:30:00.000+00:00',
          },
        },
        { resource: { resourceType: 'Patient', id: 'p', birthDate: '1990-05-17' } },
      ],
    };
    const shifted = shiftBundleDates(
      bundle,
      new Date('2026-12-01T09:00:00Z'),
      new Date('2027-03-10T15:00:00Z'),
    );
    const [observation, patient] = (shifted.entry ?? []).map(
      (e) => e.resource as unknown as Record<string, unknown>,
    );
    expect(observation).toMatchObject({
      id: 'o-2026',
      effectiveDateTime: '2027-03-07T15:00:00.000Z',
      issued: '2027-03-07T15:30:00.000Z',
      code: { text: 'hCG 2026-12-01' },
    });
    expect(patient?.birthDate).toBe('1990-08-24');
  });
});
