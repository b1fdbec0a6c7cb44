import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/config.js';
import { SCHEMA_DIR } from '../src/protocol/schemas.js';
import { startServer, type RunningServer } from '../src/server.js';
import { hookRequest, hsgOrder, readFixture } from './support/cds-requests.js';
import { startTestPostgres, type TestPostgres } from './support/test-postgres.js';

type Json = Record<string, unknown>;

const addFormats = addFormatsModule as unknown as <T extends Ajv | Ajv2020>(ajv: T) => T;
const doc = parse(readFileSync(join(SCHEMA_DIR, 'openapi.yaml'), 'utf8')) as Json;

function pointer(path: string): unknown {
  return path
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key.replace(/~1/g, '/')], doc);
}

/** Follows local `$ref`s; a file `$ref` ends the chain (its schema is compiled as published). */
function deref(node: unknown): unknown {
  let current = node as Json;
  while (typeof current.$ref === 'string' && current.$ref.startsWith('#/'))
    current = pointer(current.$ref) as Json;
  return current;
}

const draft07 = addFormats(new Ajv({ strict: false }));
const draft2020 = addFormats(new Ajv2020({ strict: false }));
const validators = new Map<unknown, ValidateFunction>();

/** File schemas (draft-07, as published in cds-hooks/) or inline OpenAPI 3.1 schemas (2020-12). */
function validatorFor(schemaNode: unknown): ValidateFunction {
  const schema = deref(schemaNode) as Json;
  const file = typeof schema.$ref === 'string' ? schema.$ref : undefined;
  const cached = validators.get(file ?? schema);
  if (cached) return cached;
  const validate = file
    ? draft07.compile(JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as Json)
    : draft2020.compile(schema);
  validators.set(file ?? schema, validate);
  return validate;
}

interface Observed {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** The documented response for this operation and status, checked against the real one. */
function expectDocumented(observed: Observed): void {
  const where = `${observed.method.toUpperCase()} ${observed.path} → ${observed.status}`;
  const operation = (deref((doc.paths as Json)[observed.path]) as Json | undefined)?.[observed.method] as
    Json | undefined;
  if (!operation) throw new Error(`${where}: operation not in openapi.yaml`);
  const response = deref((operation.responses as Json)[String(observed.status)]) as Json | undefined;
  if (!response) throw new Error(`${where}: status not documented`);
  const mediaType = observed.contentType.split(';')[0]?.trim() ?? '';
  const content = response.content as Json | undefined;
  if (!content) return; // documented without a body
  const media = content[mediaType] as Json | undefined;
  if (!media) throw new Error(`${where}: content type ${mediaType} not documented (${Object.keys(content)})`);
  if (mediaType === 'text/plain') return;
  const validate = validatorFor(media.schema);
  const body: unknown = JSON.parse(observed.body);
  if (!validate(body)) {
    throw new Error(`${where}: body does not match: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
}

function base(running: RunningServer): string {
  return `http://127.0.0.1:${(running.server.address() as AddressInfo).port}`;
}

async function call(
  running: RunningServer,
  method: 'get' | 'post',
  path: string,
  options: { url?: string; body?: string; contentType?: string } = {},
): Promise<Observed> {
  const res = await fetch(`${base(running)}${options.url ?? path}`, {
    method: method.toUpperCase(),
    headers: options.body === undefined ? {} : { 'Content-Type': options.contentType ?? 'application/json' },
    body: options.body,
  });
  return {
    method,
    path,
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body: await res.text(),
  };
}

describe('cds-hooks/openapi.yaml', () => {
  it('is OpenAPI 3.1 and references every published request and response schema instead of copying it', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const text = readFileSync(join(SCHEMA_DIR, 'openapi.yaml'), 'utf8');
    const fileRefs = [...text.matchAll(/\$ref: '\.\/([\w.-]+)'/g)].map((m) => m[1]);
    expect(fileRefs.sort()).toEqual([
      'cds-response.schema.json',
      'discovery-response.schema.json',
      'feedback-request.schema.json',
      'hook-request.schema.json',
      'operation-outcome.schema.json',
    ]);
    for (const file of fileRefs) expect(existsSync(join(SCHEMA_DIR, file ?? ''))).toBe(true);
    // Every local $ref resolves, and every operation documents its responses.
    for (const m of text.matchAll(/\$ref: '(#\/[^']+)'/g)) expect(pointer(m[1] ?? '')).toBeDefined();
    for (const item of Object.values(doc.paths as Json)) {
      for (const operation of Object.values(item as Json)) {
        if (typeof operation === 'object' && operation && 'responses' in operation)
          expect(Object.keys(operation.responses as Json).length).toBeGreaterThan(0);
      }
    }
  });

  it('its discovery and error schemas accept the CDS Hooks specification examples and reject empty values', () => {
    expect(
      validatorFor({ $ref: './discovery-response.schema.json' })(
        readFixture('hl7-cds-hooks-spec/discovery-response.json'),
      ),
    ).toBe(true);
    expect(
      validatorFor({ $ref: './operation-outcome.schema.json' })(
        readFixture('hl7-cds-hooks-spec/operation-outcome-412.json'),
      ),
    ).toBe(true);
    const discovery = validatorFor({ $ref: './discovery-response.schema.json' });
    const outcome = validatorFor({ $ref: './operation-outcome.schema.json' });
    expect(discovery({ services: [{ hook: 'order-sign', id: 'x', description: 'd', prefetch: {} }] })).toBe(
      false,
    );
    expect(outcome({ resourceType: 'OperationOutcome', issue: [] })).toBe(false);
  });
});

describe('the running service matches cds-hooks/openapi.yaml', () => {
  let running: RunningServer;
  let secured: RunningServer;
  beforeAll(async () => {
    const env = { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', FEEDBACK_DB: ':memory:' } as const;
    running = await startServer(loadConfig(env));
    secured = await startServer(loadConfig({ ...env, CDS_TRUST_SANDBOX: 'true' }));
  });
  afterAll(async () => {
    await running.stop();
    await secured.stop();
  });

  const SIGN = '/cds-services/hsg-order-sign';
  const SELECT = '/cds-services/hsg-order-select';
  const FEEDBACK = '/cds-services/{id}/feedback';
  const PATIENT_VIEW = '/cds-services/hsg-patient-view';
  const patientView = {
    hook: 'patient-view',
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    context: { patientId: 'p1', userId: 'Practitioner/dr-1' },
    prefetch: { pendingOrders: { resourceType: 'Bundle', type: 'searchset', entry: [] } },
  };

  it('discovery, hook calls, feedback, health and metrics', async () => {
    const sign = hookRequest('order-sign', [hsgOrder()]);
    const observed = [
      await call(running, 'get', '/cds-services'),
      await call(running, 'post', SIGN, { body: JSON.stringify(sign) }),
      await call(running, 'post', SELECT, {
        body: JSON.stringify(hookRequest('order-select', [hsgOrder()])),
      }),
      await call(running, 'post', FEEDBACK, {
        url: `${SIGN}/feedback`,
        body: JSON.stringify({
          card: 'c-1',
          outcome: 'overridden',
          outcomeTimestamp: '2026-11-28T10:00:00Z',
        }),
      }),
      await call(running, 'post', PATIENT_VIEW, { body: JSON.stringify(patientView) }),
      await call(running, 'get', '/healthz'),
      await call(running, 'get', '/readyz'),
      await call(running, 'get', '/metrics'),
    ];
    expect(observed.map((o) => o.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
    observed.forEach(expectDocumented);
    // The request bodies sent above are valid by the documented request schema, too.
    const hookBody = deref((deref(((doc.paths as Json)[SIGN] as Json).post) as Json).requestBody) as Json;
    const validateHook = validatorFor(((hookBody.content as Json)['application/json'] as Json).schema);
    expect(validateHook(sign)).toBe(true);
    expect(validateHook(patientView)).toBe(true);
  });

  it('error responses: 400, 401, 404, 412, 415', async () => {
    const sign = hookRequest('order-sign', [hsgOrder()]);
    const { context: _context, ...withoutContext } = sign;
    const observed = [
      await call(running, 'post', SIGN, { body: JSON.stringify(withoutContext) }),
      await call(running, 'post', SIGN, { body: '{"hook": ' }),
      await call(running, 'post', FEEDBACK, { url: `${SIGN}/feedback`, body: '{"feedback": []}' }),
      await call(secured, 'get', '/cds-services'),
      await call(secured, 'post', SIGN, { body: JSON.stringify(sign) }),
      await call(running, 'post', FEEDBACK, {
        url: '/cds-services/no-such-service/feedback',
        body: JSON.stringify({
          card: 'c-1',
          outcome: 'overridden',
          outcomeTimestamp: '2026-11-28T10:00:00Z',
        }),
      }),
      await call(running, 'post', SIGN, {
        body: JSON.stringify(hookRequest('order-sign', [hsgOrder()], { prefetch: null })),
      }),
      await call(running, 'post', SIGN, { body: JSON.stringify(sign), contentType: 'text/plain' }),
    ];
    expect(observed.map((o) => o.status)).toEqual([400, 400, 400, 401, 401, 404, 412, 415]);
    observed.forEach(expectDocumented);
  });
});

describe('the shared mode (DATABASE_URL) matches cds-hooks/openapi.yaml when the database is down', () => {
  let postgres: TestPostgres;
  let shared: RunningServer;
  beforeAll(async () => {
    postgres = await startTestPostgres();
    shared = await startServer(
      loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: postgres.url }),
    );
  });
  afterAll(async () => {
    await shared?.stop();
    await postgres?.destroy();
  });

  it('feedback 503 with an OperationOutcome, readiness 200 degraded naming the database', async () => {
    await postgres.stop();
    const observed = [
      await call(shared, 'post', '/cds-services/{id}/feedback', {
        url: '/cds-services/hsg-order-sign/feedback',
        body: JSON.stringify({
          card: 'c-1',
          outcome: 'overridden',
          outcomeTimestamp: '2026-11-28T10:00:00Z',
        }),
      }),
      await call(shared, 'get', '/readyz'),
    ];
    expect(observed.map((o) => o.status)).toEqual([503, 200]);
    observed.forEach(expectDocumented);
    expect(JSON.parse(observed[1]!.body)).toMatchObject({ status: 'degraded', failing: ['database'] });
  });
});
