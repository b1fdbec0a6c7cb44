import { validateServiceRequest } from '../protocol/request-validation.js';
import { buildDefaultOrder, buildHookRequest, readOrders } from './build-hook-request.js';
import { CliFailure } from './exit-codes.js';

describe('buildHookRequest', () => {
  const base = {
    patientId: 'pat-1',
    userId: 'Practitioner/1',
    orders: [buildDefaultOrder('pat-1')],
    fhirServer: 'https://ehr.example.org/fhir',
  };

  it('builds requests the service accepts, for both hooks', () => {
    for (const hook of ['order-select', 'order-sign'] as const) {
      const request = buildHookRequest({ ...base, hook, token: 't-1' });
      expect(validateServiceRequest(request, hook)).toBe(request);
      expect(request.fhirAuthorization).toMatchObject({
        access_token: 't-1',
        token_type: 'Bearer',
        patient: 'pat-1',
      });
    }
    const select = buildHookRequest({ ...base, hook: 'order-select' });
    expect(select.context.selections).toEqual(['ServiceRequest/hsg-cds-cli-order']);
    expect(select).not.toHaveProperty('fhirAuthorization');
    expect(select).not.toHaveProperty('prefetch');
    expect(buildHookRequest({ ...base, hook: 'order-sign' }).context).not.toHaveProperty('selections');
  });

  it('patient-view carries the patient and user only: the service finds the pending orders itself', () => {
    const view = buildHookRequest({ ...base, hook: 'patient-view', orders: [] });
    expect(validateServiceRequest(view, 'patient-view')).toBe(view);
    expect(view.context).toEqual({ userId: 'Practitioner/1', patientId: 'pat-1' });
  });

  it('the default order is an HSG ServiceRequest; another CPT code carries no HSG text', () => {
    expect(buildDefaultOrder('p').code?.coding?.[0]?.code).toBe('74740');
    expect(buildDefaultOrder('p').code?.text).toBe('Hysterosalpingogram');
    expect(buildDefaultOrder('p', '72133').code).toEqual({
      coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '72133' }],
    });
  });
});

describe('readOrders', () => {
  it('takes a resource or the resources of a Bundle, giving ids to those without', () => {
    expect(readOrders({ resourceType: 'ServiceRequest', id: 'a' })).toEqual([
      { resourceType: 'ServiceRequest', id: 'a' },
    ]);
    expect(
      readOrders({ resourceType: 'Bundle', entry: [{ resource: { resourceType: 'ServiceRequest' } }, {}] }),
    ).toEqual([{ resourceType: 'ServiceRequest', id: 'cli-order-1' }]);
  });

  it('refuses what is not a FHIR resource', () => {
    expect(() => readOrders([1, 2])).toThrow(CliFailure);
    expect(() => readOrders({ resourceType: 'Bundle', entry: [] })).toThrow(/without resources/);
  });
});
