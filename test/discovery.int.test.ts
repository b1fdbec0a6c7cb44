import request from 'supertest';
import { toDescriptor } from '../src/protocol/service-definition.js';
import { defineHsgServices } from '../src/services/hsg-services.js';
import { buildPrefetchPlan, planToTemplates } from '../src/services/prefetch-plan.js';
import { createTestApp } from './support/create-test-app.js';

/** CDS Hooks 2.0 prefetch tokens valid for order-select/order-sign (spec §Prefetch tokens). */
const VALID_TOKENS = new Set([
  'context.patientId',
  'context.userId',
  'context.encounterId',
  'userPractitionerId',
  'userPractitionerRoleId',
  'userPatientId',
  'userRelatedPersonId',
]);

describe('GET /cds-services', () => {
  const { app, knowledge } = createTestApp();

  it('lists exactly the three service definitions, as the registry declares them', async () => {
    const res = await request(app).get('/cds-services').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const expected = defineHsgServices(planToTemplates(buildPrefetchPlan(knowledge))).map(toDescriptor);
    expect(res.body).toEqual({ services: expected });
  });

  it('has distinct ids per hook and the fields 2.0 requires', async () => {
    const { body } = await request(app).get('/cds-services').expect(200);
    const byId = Object.fromEntries(body.services.map((s: { id: string; hook: string }) => [s.id, s.hook]));
    expect(byId).toEqual({
      'hsg-order-select': 'order-select',
      'hsg-order-sign': 'order-sign',
      'hsg-patient-view': 'patient-view',
    });
    for (const service of body.services) {
      expect(service.title).toEqual(expect.any(String));
      expect(service.description.length).toBeGreaterThan(20);
      expect(service.usageRequirements).toEqual(expect.any(String));
    }
  });

  it('declares prefetch for every category the rules read, with valid 2.0 tokens only', async () => {
    const { body } = await request(app).get('/cds-services').expect(200);
    const recordKeys = [
      'allergies',
      'conditions',
      'medicationAdministrations',
      'medications',
      'observations',
      'patient',
      'procedures',
    ];
    for (const service of body.services) {
      // patient-view first asks for the pending orders it screens.
      const orderKeys = service.hook === 'patient-view' ? ['pendingOrders'] : [];
      expect(Object.keys(service.prefetch).sort()).toEqual([...recordKeys, ...orderKeys].sort());
      for (const template of Object.values<string>(service.prefetch)) {
        const tokens = [...template.matchAll(/\{\{([^}]*)\}\}/g)].map((m) => m[1]);
        expect(tokens.length).toBeGreaterThan(0);
        for (const token of tokens) expect(VALID_TOKENS.has(token ?? '')).toBe(true);
        expect(template).not.toMatch(/draftOrders|selections|today\(/);
      }
    }
  });

  it('narrows the observation template to the codes the rules read', async () => {
    const { body } = await request(app).get('/cds-services').expect(200);
    const observations: string = body.services[0].prefetch.observations;
    expect(observations).toMatch(
      /^Observation\?patient=\{\{context\.patientId\}\}&code=http:\/\/loinc\.org\|/,
    );
    expect(observations).toContain('http://loinc.org|2106-3');
  });
});
