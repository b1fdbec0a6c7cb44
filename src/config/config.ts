import {
  DEFAULT_FHIR_MAX_RESOURCES_PER_CATEGORY,
  DEFAULT_FHIR_MAX_RESPONSE_BYTES,
} from '../data/fhir-limits.js';
import { StartupError } from '../errors.js';
import { DEFAULT_WORKBENCH_FHIR_SERVER, parseFhirBaseUrl } from '../workbench/fhir-base-url.js';

/**
 * All configuration comes from environment variables, read once here. Every variable is documented in
 * the README's configuration table; an invalid value stops start-up with a one-line error naming it.
 */
export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** The externally visible base URL (scheme, host, optional path prefix), used for JWT `aud` checks. */
  readonly publicBaseUrl: string;
  /**
   * Development without PUBLIC_BASE_URL: a JWT `aud` naming the endpoint through localhost, 127.0.0.1 or
   * [::1] on the service's port is accepted too. Production and an explicit PUBLIC_BASE_URL: exact check.
   */
  readonly loopbackAudiences: boolean;
  readonly maxBodyBytes: number;
  /** `*` or an explicit list of allowed browser origins. */
  readonly corsOrigins: '*' | readonly string[];
  readonly feedbackDb: string;
  /** Set by DATABASE_URL: the shared mode for many replicas. Unset: SQLite at feedbackDb, jti in memory. */
  readonly database: DatabaseConfig | undefined;
  readonly billingSetting: 'office' | 'facility';
  readonly fhirTimeoutMs: number;
  /** Overall time budget for gathering patient data in one hook call. */
  readonly fhirBudgetMs: number;
  readonly fhirPageCap: number;
  /** The most bytes one FHIR response may bring; the read is cut off while streaming. */
  readonly fhirMaxResponseBytes: number;
  /** The most resources kept per data category (over all pages of its search). */
  readonly fhirMaxResourcesPerCategory: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Recommended cycle days for HSG and selective salpingography. */
  readonly cycleDayWindow: { readonly first: number; readonly last: number };
  /** Recommended cycle days for SIS. */
  readonly sisCycleDayWindow: { readonly first: number; readonly last: number };
  /** `day-of-procedure`: the site tests everyone on arrival, so the routine pregnancy-test card is not shown. */
  readonly pregnancyTestProtocol: 'order-sign' | 'day-of-procedure';
  /** Show the billing card on order-select too (it is for coders and the signing step). */
  readonly billingCardOnOrderSelect: boolean;
  readonly trustedClientsFile: string | undefined;
  /** A ConceptMap mapping the site's own order codes to HSG, selective salpingography or SIS. */
  readonly siteOrderCodesFile: string | undefined;
  readonly trustSandbox: boolean;
  readonly clockSkewSeconds: number;
  readonly metricsEnabled: boolean;
  readonly metricsPort: number | undefined;
  readonly workbenchEnabled: boolean;
  /** The FHIR server the workbench page offers first (the demo's embedded server by default). */
  readonly workbenchFhirServer: string;
  /** Let production run a knowledge release that is not marked reviewed (fhir-profiles/release/). */
  readonly knowledgeAllowDraft: boolean;
}

/** The shared PostgreSQL database (DATABASE_URL): feedback, issued-card topics and the jti replay cache. */
export interface DatabaseConfig {
  /** `postgres://user:password@host:port/db`: holds a secret, never logged or shown. */
  readonly url: string;
  readonly poolMax: number;
  readonly connectTimeoutMs: number;
  /** Apply pending migrations at start-up; else `hsg-cds migrate` does it and start-up only checks. */
  readonly migrateOnStart: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function fail(name: string, value: string, expected: string): never {
  throw new StartupError(`Invalid ${name}=${JSON.stringify(value)}: expected ${expected}`);
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) fail(name, raw, `an integer from ${min} to ${max}`);
  const value = Number(raw.trim());
  if (value < min || value > max) fail(name, raw, `an integer from ${min} to ${max}`);
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return fail(name, raw, 'true or false');
}

function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim() as T;
  if (!allowed.includes(v)) fail(name, raw, `one of ${allowed.join(', ')}`);
  return v;
}

function readUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return url.href.replace(/\/+$/, '');
  } catch {
    return fail(name, raw, 'an absolute http(s) URL');
  }
}

/**
 * A refused URL as the start-up message shows it: whatever stands between `//` and the last `@` (user and
 * password, which may itself hold an `@`) is hidden.
 */
function hideCredentials(raw: string): string {
  return raw.replace(/\/\/.*@/, '//***@');
}

/** Checked as the workbench uses it, so a value it would refuse stops start-up here with the usual message. */
function readFhirBaseUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  return (
    parseFhirBaseUrl(raw) ??
    fail(
      name,
      hideCredentials(raw),
      'an absolute http(s) FHIR base URL without credentials, query or fragment',
    )
  );
}

function readDatabase(env: Env): DatabaseConfig | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || !url.hostname) {
    fail('DATABASE_URL', hideCredentials(raw), 'a URL like postgres://user:password@host:5432/database');
  }
  return {
    url: raw,
    poolMax: readInt(env, 'DATABASE_POOL_MAX', 10, 1, 200),
    connectTimeoutMs: readInt(env, 'DATABASE_CONNECT_TIMEOUT_MS', 2000, 100, 60000),
    migrateOnStart: readBool(env, 'DATABASE_MIGRATE', true),
  };
}

function readOrigins(env: Env): '*' | readonly string[] {
  const raw = env.CORS_ORIGINS;
  if (raw === undefined || raw.trim() === '' || raw.trim() === '*') return '*';
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return fail(
        'CORS_ORIGINS',
        raw,
        "'*' or a comma-separated list of origins like https://ehr.example.org",
      );
    }
    if (parsed.origin !== origin.replace(/\/$/, '')) {
      fail('CORS_ORIGINS', raw, "'*' or a comma-separated list of origins like https://ehr.example.org");
    }
  }
  return origins.map((o) => o.replace(/\/$/, ''));
}

function readCycleWindow(
  env: Env,
  name: string,
  fallback: { first: number; last: number },
): { first: number; last: number } {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/.exec(raw);
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (!match || first < 1 || last > 40 || first > last) fail(name, raw, 'a range like 6-12');
  return { first, last };
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = readEnum(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = readInt(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST?.trim() || '0.0.0.0';
  const fhirTimeoutMs = readInt(env, 'FHIR_TIMEOUT_MS', 3000, 50, 60000);
  const production = nodeEnv === 'production';
  return Object.freeze({
    nodeEnv,
    port,
    host,
    publicBaseUrl: readUrl(env, 'PUBLIC_BASE_URL', `http://localhost:${port}`),
    loopbackAudiences: nodeEnv === 'development' && !env.PUBLIC_BASE_URL?.trim(),
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 5 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    corsOrigins: readOrigins(env),
    feedbackDb: env.FEEDBACK_DB?.trim() || './data/feedback.sqlite',
    database: readDatabase(env),
    billingSetting: readEnum(env, 'BILLING_SETTING', ['office', 'facility'] as const, 'facility'),
    fhirTimeoutMs,
    fhirBudgetMs: readInt(env, 'FHIR_BUDGET_MS', Math.max(fhirTimeoutMs, 4000), 50, 120000),
    fhirPageCap: readInt(env, 'FHIR_PAGE_CAP', 10, 1, 100),
    fhirMaxResponseBytes: readInt(
      env,
      'FHIR_MAX_RESPONSE_BYTES',
      DEFAULT_FHIR_MAX_RESPONSE_BYTES,
      1024,
      1024 * 1024 * 1024,
    ),
    fhirMaxResourcesPerCategory: readInt(
      env,
      'FHIR_MAX_RESOURCES_PER_CATEGORY',
      DEFAULT_FHIR_MAX_RESOURCES_PER_CATEGORY,
      1,
      10_000_000,
    ),
    logLevel: readEnum(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    // HSG 6-12 (radiologyreview.net, GLOWM); SIS 4-10 (ACR-ACOG-AIUM-SRU excerpt "generally not after about day 10",
    // patient pages day 4-12 / 4-7 / before day 8): see src/rules/rule-constants.ts.
    cycleDayWindow: readCycleWindow(env, 'CYCLE_DAY_WINDOW', { first: 6, last: 12 }),
    sisCycleDayWindow: readCycleWindow(env, 'SIS_CYCLE_DAY_WINDOW', { first: 4, last: 10 }),
    pregnancyTestProtocol: readEnum(
      env,
      'PREGNANCY_TEST_PROTOCOL',
      ['order-sign', 'day-of-procedure'] as const,
      'order-sign',
    ),
    billingCardOnOrderSelect: readBool(env, 'BILLING_CARD_ON_ORDER_SELECT', false),
    trustedClientsFile: env.CDS_TRUSTED_CLIENTS?.trim() || undefined,
    siteOrderCodesFile: env.SITE_ORDER_CODES?.trim() || undefined,
    trustSandbox: readBool(env, 'CDS_TRUST_SANDBOX', false),
    clockSkewSeconds: readInt(env, 'CLOCK_SKEW_S', 60, 0, 600),
    metricsEnabled: readBool(env, 'METRICS_ENABLED', true),
    metricsPort: env.METRICS_PORT ? readInt(env, 'METRICS_PORT', 0, 0, 65535) : undefined,
    workbenchEnabled: readBool(env, 'WORKBENCH_ENABLED', !production),
    workbenchFhirServer: readFhirBaseUrl(env, 'WORKBENCH_FHIR_SERVER', DEFAULT_WORKBENCH_FHIR_SERVER),
    knowledgeAllowDraft: readBool(env, 'KNOWLEDGE_ALLOW_DRAFT', false),
  });
}
