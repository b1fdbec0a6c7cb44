import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import express from 'express';
import request from 'supertest';
import { loadConfig } from '../src/config/config.js';
import { createWorkbenchRouter } from '../src/workbench/index.js';
import { hookRequest, hsgOrder } from './support/cds-requests.js';
import { buildPageIntoTempDir } from './e2e/support/build-page.js';
import { createWorkbenchTestApp } from './e2e/support/workbench-app.js';

const BASE = 'http://cds.example.test';
const FHIR = 'http://127.0.0.1:8080/fhir/R4';
let assetsDir: string;

beforeAll(() => {
  assetsDir = buildPageIntoTempDir();
});
afterAll(() => rmSync(assetsDir, { recursive: true, force: true }));

const openApp = (env: Record<string, string> = {}) =>
  createWorkbenchTestApp({ env: { PUBLIC_BASE_URL: BASE, ...env }, assetsDir, defaultFhirServer: FHIR }).app;

function connectSrc(csp: string | undefined): string[] {
  const directive = (csp ?? '')
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('connect-src '));
  return directive?.split(/\s+/).slice(1) ?? [];
}

describe('GET /workbench', () => {
  test('redirects to the folder URL, relative and with the query kept, so the page works under a path prefix', async () => {
    const res = await request(openApp()).get('/workbench?fhirServer=https%3A%2F%2Fhapi.fhir.org%2FbaseR4');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('workbench/?fhirServer=https%3A%2F%2Fhapi.fhir.org%2FbaseR4');
  });

  test('serves the page with a CSP of its own: self only, plus the default FHIR server for connections', async () => {
    const res = await request(openApp()).get('/workbench/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<script type="module" src="app.js"></script>');
    expect(res.text).not.toMatch(/https?:\/\//);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(connectSrc(csp)).toEqual(["'self'", 'http://127.0.0.1:8080']);
    // helmet's other protections still apply
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  test('adds the FHIR server named in the page URL to connect-src, and only a valid http(s) one', async () => {
    const app = openApp();
    const chosen = await request(app)
      .get('/workbench/')
      .query({ fhirServer: 'https://hapi.fhir.org/baseR4/' });
    expect(connectSrc(chosen.headers['content-security-policy'])).toEqual([
      "'self'",
      'http://127.0.0.1:8080',
      'https://hapi.fhir.org',
    ]);
    for (const bad of [
      'javascript:alert(1)',
      'https://x.example/fhir?_format=json',
      'https://u:p@x.example',
      '*',
    ]) {
      const res = await request(app).get('/workbench/').query({ fhirServer: bad });
      expect(connectSrc(res.headers['content-security-policy'])).toEqual(["'self'", 'http://127.0.0.1:8080']);
    }
  });

  test('serves the bundle and the stylesheet, and nothing else from the folder', async () => {
    const app = openApp();
    const js = await request(app).get('/workbench/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect((await request(app).get('/workbench/styles.css')).headers['content-type']).toMatch(/^text\/css/);
    expect((await request(app).get('/workbench/nope.js')).status).toBe(404);
    expect((await request(app).get('/workbench/..%2Fpackage.json')).status).toBe(404);
    expect((await request(app).get('/workbench/index.html')).status).toBe(404);
  });

  test('answers 503 with a hint when the page has not been built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'hsg-workbench-empty-'));
    const app = createWorkbenchTestApp({ assetsDir: empty }).app;
    const res = await request(app).get('/workbench/');
    expect(res.status).toBe(503);
    expect(res.text).toContain('npm run build');
    rmSync(empty, { recursive: true, force: true });
  });
});

describe('trusted mode', () => {
  test('without trust configuration: authentication off, and the page gets no tokens', async () => {
    const app = openApp();
    const config = await request(app).get('/workbench/config.json');
    expect(config.body).toEqual({
      defaultFhirServer: FHIR,
      authEnabled: false,
      canSignTokens: false,
      userId: 'Practitioner/workbench-clinician',
    });
    expect((await request(app).post('/workbench/token').send({ path: '/cds-services' })).status).toBe(404);
  });

  test('with CDS_TRUST_SANDBOX=true the page loads without a JWT and its tokens pass the service’s checks once', async () => {
    const app = openApp({ CDS_TRUST_SANDBOX: 'true' });
    expect((await request(app).get('/workbench/')).status).toBe(200);
    expect((await request(app).get('/workbench/missing')).status).toBe(404);
    expect((await request(app).get('/workbench/config.json')).body).toMatchObject({
      authEnabled: true,
      canSignTokens: true,
    });

    const path = '/cds-services/hsg-order-select';
    const { body } = await request(app).post('/workbench/token').send({ path });
    const call = () =>
      request(app)
        .post(path)
        .set('Authorization', `Bearer ${String(body.token)}`)
        .send(hookRequest('order-select', [hsgOrder()]));
    expect((await call()).status).toBe(200);
    // A fresh jti per token: the service's replay cache refuses a second use.
    expect((await call()).status).toBe(401);

    const discovery = await request(app).post('/workbench/token').send({ path: '/cds-services' });
    const wrongAudience = await request(app)
      .post(path)
      .set('Authorization', `Bearer ${String(discovery.body.token)}`)
      .send(hookRequest('order-select', [hsgOrder()]));
    expect(wrongAudience.status).toBe(401);
  });

  test('signs only for /cds-services paths', async () => {
    const app = openApp({ CDS_TRUST_SANDBOX: 'true' });
    for (const path of [
      '/workbench',
      'https://evil.example/cds-services',
      '/cds-services/../metrics',
      '/cds-services/..',
      42,
    ]) {
      expect((await request(app).post('/workbench/token').send({ path })).status).toBe(400);
    }
    expect((await request(app).post('/workbench/token').type('text').send('/cds-services')).status).toBe(400);
  });

  test('refuses to sign for pages on other sites, which the app-wide CORS policy would let read the answer', async () => {
    const app = openApp({ CDS_TRUST_SANDBOX: 'true' });
    const token = (site: string) =>
      request(app).post('/workbench/token').set('Sec-Fetch-Site', site).send({ path: '/cds-services' });
    expect((await token('cross-site')).status).toBe(403);
    expect((await token('same-site')).status).toBe(403);
    expect((await token('same-origin')).status).toBe(200);
  });

  test('never signs in production, and never reads the key there', () => {
    let keyRead = false;
    const router = createWorkbenchRouter({
      config: loadConfig({ NODE_ENV: 'production', CDS_TRUST_SANDBOX: 'true' }),
      authEnabled: true,
      assetsDir,
      loadSandboxKey: () => {
        keyRead = true;
        return undefined;
      },
    });
    const app = express().use(router);
    expect(keyRead).toBe(false);
    return request(app)
      .get('/workbench/config.json')
      .expect(200)
      .then((res) => expect(res.body).toMatchObject({ authEnabled: true, canSignTokens: false }));
  });
});
