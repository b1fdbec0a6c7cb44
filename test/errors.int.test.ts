import request from 'supertest';
import { createTestApp } from './support/create-test-app.js';
import { expectOperationOutcome, hookRequest, hsgOrder } from './support/cds-requests.js';

const { app } = createTestApp({ env: { MAX_BODY_BYTES: '20000' } });
const SIGN = '/cds-services/hsg-order-sign';

function withContext(patch: (context: Record<string, unknown>) => void) {
  const body = hookRequest('order-sign', [hsgOrder()]);
  patch(body.context as Record<string, unknown>);
  return body;
}

describe('bad requests get a precise 4xx OperationOutcome', () => {
  it.each([
    ['malformed JSON', '{"hook": "order-sign",', 400, '(body)'],
    ['a JSON array', '[]', 400, '(body)'],
    ['a JSON string', '"order-sign"', 400, '(body)'],
    ['JSON null', 'null', 400, '(body)'],
  ])('%s → %i', async (_name, raw, status, location) => {
    const res = await request(app).post(SIGN).set('Content-Type', 'application/json').send(raw);
    expect(res.status).toBe(status);
    expectOperationOutcome(res.body);
    expect(res.body.issue[0].expression).toEqual([location]);
  });

  it.each([
    ['missing context.patientId', withContext((c) => delete c.patientId), 'context.patientId'],
    ['patientId of the wrong type', withContext((c) => (c.patientId = 42)), 'context.patientId'],
    [
      'draftOrders that is not a Bundle',
      withContext((c) => (c.draftOrders = { resourceType: 'Patient' })),
      'context.draftOrders.resourceType',
    ],
    [
      'selections that is not an array',
      withContext((c) => (c.selections = 'ServiceRequest/1')),
      'context.selections',
    ],
    ['missing hookInstance', { ...hookRequest('order-sign', []), hookInstance: undefined }, 'hookInstance'],
    [
      'a prefetch value that is a string',
      { ...hookRequest('order-sign', []), prefetch: { patient: 'Patient/1' } },
      'prefetch.patient',
    ],
    [
      'fhirAuthorization without fhirServer',
      {
        ...hookRequest('order-sign', []),
        fhirAuthorization: {
          access_token: 'x',
          token_type: 'Bearer',
          expires_in: 60,
          scope: 'patient/*.read',
          subject: 'svc',
        },
      },
      'fhirServer',
    ],
    [
      'fhirAuthorization.patient for another patient',
      {
        ...hookRequest('order-sign', []),
        fhirServer: 'https://ehr.example.org/fhir',
        fhirAuthorization: {
          access_token: 'x',
          token_type: 'Bearer',
          expires_in: 60,
          scope: 'patient/*.read',
          subject: 'svc',
          patient: 'someone-else',
        },
      },
      'fhirAuthorization.patient',
    ],
    ['a relative fhirServer', { ...hookRequest('order-sign', []), fhirServer: 'fhir/R4' }, 'fhirServer'],
  ])('%s → 400 naming %s', async (_name, body, location) => {
    const res = await request(app)
      .post(SIGN)
      .send(body as object);
    expect(res.status).toBe(400);
    expectOperationOutcome(res.body);
    expect(res.body.issue[0].expression).toEqual([location]);
  });

  it('the wrong hook for the service → 400', async () => {
    const res = await request(app)
      .post(SIGN)
      .send(hookRequest('order-select', [hsgOrder()]));
    expect(res.status).toBe(400);
    expect(res.body.issue[0].expression).toEqual(['hook']);
    expect(res.body.issue[0].diagnostics).toMatch(/order-sign/);
  });

  it('an unknown service → 404, also for feedback', async () => {
    for (const path of ['/cds-services/nope', '/cds-services/nope/feedback']) {
      const res = await request(app).post(path).send(hookRequest('order-sign', []));
      expect(res.status).toBe(404);
      expectOperationOutcome(res.body);
    }
  });

  it('a body over MAX_BODY_BYTES → 413', async () => {
    const body = hookRequest('order-sign', [hsgOrder('h', 'p1', { note: [{ text: 'x'.repeat(30000) }] })]);
    const res = await request(app).post(SIGN).send(body);
    expect(res.status).toBe(413);
    expectOperationOutcome(res.body);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'Content-Type %s → 415',
    async (type) => {
      const res = await request(app).post(SIGN).set('Content-Type', type).send('hook=order-sign');
      expect(res.status).toBe(415);
      expectOperationOutcome(res.body);
    },
  );

  it('wrong methods → 405 with Allow', async () => {
    const get = await request(app).get(SIGN);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const post = await request(app).post('/cds-services').send({});
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
    expectOperationOutcome(post.body);
  });

  it('unknown paths → 404 OperationOutcome, and no stack traces or framework banners anywhere', async () => {
    const res = await request(app).get('/nothing-here');
    expect(res.status).toBe(404);
    expectOperationOutcome(res.body);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('keeps serving after every kind of bad input', async () => {
    await request(app).post(SIGN).set('Content-Type', 'application/json').send('{{{');
    const res = await request(app).get('/cds-services');
    expect(res.status).toBe(200);
  });
});

describe('CORS', () => {
  it('answers preflight on every route without authentication', async () => {
    for (const path of ['/cds-services', SIGN, `${SIGN}/feedback`]) {
      const res = await request(app)
        .options(path)
        .set('Origin', 'https://sandbox.cds-hooks.org')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-headers']).toBe('Authorization,Content-Type');
      expect(res.headers['access-control-allow-methods']).toBe('GET,POST,OPTIONS');
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  it('with CORS_ORIGINS, only listed origins are allowed', async () => {
    const { app: restricted } = createTestApp({ env: { CORS_ORIGINS: 'https://ehr.example.org' } });
    const allowed = await request(restricted).get('/cds-services').set('Origin', 'https://ehr.example.org');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://ehr.example.org');
    const other = await request(restricted).get('/cds-services').set('Origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
