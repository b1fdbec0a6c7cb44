import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/project-root.js';
import { loadConfig } from '../src/config/config.js';
import { StartupError } from '../src/errors.js';
import type { Bundle } from 'fhir/r4.js';
import type { CdsResponse } from '../src/protocol/cds-types.js';
import { startServer, type RunningServer } from '../src/server.js';
import { expectValidResponse, hookRequest, hsgOrder } from './support/cds-requests.js';

const SITE_MAP = join(projectRoot(), 'test/fixtures/site/site-order-codes.json');
const EPIC_EAP = 'urn:oid:1.2.840.114350.1.13.0.1.7.2.696580';

describe('SITE_ORDER_CODES on the running server', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hsg-site-codes-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const start = (siteOrderCodes: string): Promise<RunningServer> =>
    startServer(
      loadConfig({
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        FEEDBACK_DB: join(dir, 'feedback.sqlite'),
        METRICS_ENABLED: 'false',
        SITE_ORDER_CODES: siteOrderCodes,
      }),
    );

  it('an order known only by its site code (no text) gets the HSG cards', async () => {
    const service = await start(SITE_MAP);
    try {
      const order = hsgOrder('eap-1', 'p1', { code: { coding: [{ system: EPIC_EAP, code: 'IMG1234' }] } });
      const body = hookRequest('order-sign', [order]);
      const url = `http://127.0.0.1:${(service.server.address() as AddressInfo).port}/cds-services/hsg-order-sign`;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      const response = (await res.json()) as CdsResponse;
      expectValidResponse(response, body.context.draftOrders as Bundle);
      expect(response.cards.map((c) => c.source.topic?.code)).toContain('billing-codes');
    } finally {
      await service.stop();
    }
  });

  it.each([
    [
      'a missing file',
      join('/nonexistent', 'site.json'),
      /^SITE_ORDER_CODES file \S+ cannot be read as JSON/,
    ],
    [
      'a map with an unknown order kind',
      'bad',
      /^SITE_ORDER_CODES file \S+ is invalid: group\[0\]\.element\[0\]/,
    ],
  ])('%s stops start-up with a one-line error naming SITE_ORDER_CODES', async (_name, path, message) => {
    let file = path;
    if (path === 'bad') {
      file = join(dir, 'bad.json');
      writeFileSync(
        file,
        JSON.stringify({
          resourceType: 'ConceptMap',
          group: [
            {
              source: EPIC_EAP,
              target: 'http://hsg-cds.org/fhir/CodeSystem/order-kind',
              element: [{ code: 'X', target: [{ code: 'mri' }] }],
            },
          ],
        }),
      );
    }
    const failure = start(file);
    await expect(failure).rejects.toThrow(StartupError);
    await expect(failure).rejects.toThrow(message);
  });
});
