import { StartupError } from '../errors.js';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has development defaults that work on a fresh clone', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      publicBaseUrl: 'http://localhost:3000',
      maxBodyBytes: 5 * 1024 * 1024,
      corsOrigins: '*',
      feedbackDb: './data/feedback.sqlite',
      billingSetting: 'facility',
      fhirTimeoutMs: 3000,
      fhirMaxResponseBytes: 16 * 1024 * 1024,
      fhirMaxResourcesPerCategory: 10_000,
      cycleDayWindow: { first: 6, last: 12 },
      sisCycleDayWindow: { first: 4, last: 10 },
      pregnancyTestProtocol: 'order-sign',
      billingCardOnOrderSelect: false,
      workbenchEnabled: true,
    });
  });

  it('reads the site order-code map path (none by default)', () => {
    expect(loadConfig({}).siteOrderCodesFile).toBeUndefined();
    expect(loadConfig({ SITE_ORDER_CODES: ' /etc/hsg/site-codes.json ' }).siteOrderCodesFile).toBe(
      '/etc/hsg/site-codes.json',
    );
  });

  it('turns the workbench off in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).workbenchEnabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', WORKBENCH_ENABLED: 'true' }).workbenchEnabled).toBe(true);
  });

  it('runs only reviewed knowledge in production unless KNOWLEDGE_ALLOW_DRAFT', () => {
    expect(loadConfig({}).knowledgeAllowDraft).toBe(false);
    expect(loadConfig({ KNOWLEDGE_ALLOW_DRAFT: 'true' }).knowledgeAllowDraft).toBe(true);
    expect(() => loadConfig({ KNOWLEDGE_ALLOW_DRAFT: 'maybe' })).toThrow(/KNOWLEDGE_ALLOW_DRAFT/);
  });

  it('reads lists, URLs and ranges', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://a.example.org, https://b.example.org/',
      PUBLIC_BASE_URL: 'https://cds.example.org/base/',
      CYCLE_DAY_WINDOW: '5-11',
      SIS_CYCLE_DAY_WINDOW: '4-8',
      PREGNANCY_TEST_PROTOCOL: 'day-of-procedure',
      BILLING_CARD_ON_ORDER_SELECT: 'true',
    });
    expect(config.corsOrigins).toEqual(['https://a.example.org', 'https://b.example.org']);
    expect(config.publicBaseUrl).toBe('https://cds.example.org/base');
    expect(config.cycleDayWindow).toEqual({ first: 5, last: 11 });
    expect(config.sisCycleDayWindow).toEqual({ first: 4, last: 8 });
    expect(config.pregnancyTestProtocol).toBe('day-of-procedure');
    expect(config.billingCardOnOrderSelect).toBe(true);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['MAX_BODY_BYTES', '-1'],
    ['BILLING_SETTING', 'home'],
    ['NODE_ENV', 'staging'],
    ['PUBLIC_BASE_URL', 'ftp://cds.example.org'],
    ['CORS_ORIGINS', 'not a url'],
    ['CDS_TRUST_SANDBOX', 'maybe'],
    ['CYCLE_DAY_WINDOW', '12-6'],
    ['SIS_CYCLE_DAY_WINDOW', '4'],
    ['PREGNANCY_TEST_PROTOCOL', 'never'],
    ['BILLING_CARD_ON_ORDER_SELECT', 'sometimes'],
    ['FHIR_TIMEOUT_MS', '1.5'],
    ['FHIR_MAX_RESPONSE_BYTES', '16MiB'],
    ['FHIR_MAX_RESPONSE_BYTES', '100'],
    ['FHIR_MAX_RESOURCES_PER_CATEGORY', '0'],
    ['WORKBENCH_FHIR_SERVER', 'http://127.0.0.1:8080/fhir/R4?_format=json'],
    ['DATABASE_URL', 'mysql://db.example.org/hsg'],
    ['DATABASE_URL', 'not a url'],
  ])('an invalid %s=%s stops start-up with a one-line error naming it', (name, value) => {
    const attempt = () => loadConfig({ [name]: value });
    expect(attempt).toThrow(StartupError);
    expect(attempt).toThrow(new RegExp(`^Invalid ${name}=`));
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('has no database unless DATABASE_URL is set, and reads its settings then', () => {
    expect(loadConfig({ DATABASE_POOL_MAX: '3' }).database).toBeUndefined();
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://hsg:pw@db.example.org:5432/hsg',
        DATABASE_POOL_MAX: '3',
        DATABASE_CONNECT_TIMEOUT_MS: '750',
        DATABASE_MIGRATE: 'false',
      }).database,
    ).toEqual({
      url: 'postgres://hsg:pw@db.example.org:5432/hsg',
      poolMax: 3,
      connectTimeoutMs: 750,
      migrateOnStart: false,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/hsg' }).database).toMatchObject({
      poolMax: 10,
      connectTimeoutMs: 2000,
      migrateOnStart: true,
    });
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://hsg:pw@db.example.org/hsg', DATABASE_POOL_MAX: '0' }),
    ).toThrow(/^Invalid DATABASE_POOL_MAX=/);
  });

  it('does not repeat the password of a refused DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://hsg:s3cret@db.example.org/hsg' })).toThrow(
      'Invalid DATABASE_URL="mysql://***@db.example.org/hsg"',
    );
  });

  it('does not repeat credentials from a refused FHIR base URL', () => {
    expect(() => loadConfig({ WORKBENCH_FHIR_SERVER: 'https://user:secret@fhir.example.org/R4' })).toThrow(
      'Invalid WORKBENCH_FHIR_SERVER="https://***@fhir.example.org/R4"',
    );
    // A password holding a raw `@` is hidden whole, not up to its first `@`.
    expect(() => loadConfig({ WORKBENCH_FHIR_SERVER: 'https://user:se@cret@fhir.example.org/R4' })).toThrow(
      'Invalid WORKBENCH_FHIR_SERVER="https://***@fhir.example.org/R4"',
    );
  });
});
