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
  readonly maxBodyBytes: number;
  /** `*` or an explicit list of allowed browser origins. */
  readonly corsOrigins: '*' | readonly string[];
  readonly feedbackDb: string;
  readonly billingSetting: 'office' | 'facility';
  readonly fhirTimeoutMs: number;
  /** Overall time budget for gathering patient data in one hook call. */
  readonly fhirBudgetMs: number;
  readonly fhirPageCap: number;
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
  readonly trustSandbox: boolean;
  readonly clockSkewSeconds: number;
  readonly metricsEnabled: boolean;
  readonly metricsPort: number | undefined;
  readonly workbenchEnabled: boolean;
  /** The FHIR server the workbench page offers first (the demo's embedded server by default). */
  readonly workbenchFhirServer: string;
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

/** Checked as the workbench uses it, so a value it would refuse stops start-up here with the usual message. */
function readFhirBaseUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  // A refused value may carry credentials: they are not repeated in the message.
  const shown = raw.replace(/\/\/[^/@]*@/, '//***@');
  return (
    parseFhirBaseUrl(raw) ??
    fail(name, shown, 'an absolute http(s) FHIR base URL without credentials, query or fragment')
  );
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
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 5 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    corsOrigins: readOrigins(env),
    feedbackDb: env.FEEDBACK_DB?.trim() || './data/feedback.sqlite',
    billingSetting: readEnum(env, 'BILLING_SETTING', ['office', 'facility'] as const, 'facility'),
    fhirTimeoutMs,
    fhirBudgetMs: readInt(env, 'FHIR_BUDGET_MS', Math.max(fhirTimeoutMs, 4000), 50, 120000),
    fhirPageCap: readInt(env, 'FHIR_PAGE_CAP', 10, 1, 100),
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
    trustSandbox: readBool(env, 'CDS_TRUST_SANDBOX', false),
    clockSkewSeconds: readInt(env, 'CLOCK_SKEW_S', 60, 0, 600),
    metricsEnabled: readBool(env, 'METRICS_ENABLED', true),
    metricsPort: env.METRICS_PORT ? readInt(env, 'METRICS_PORT', 0, 0, 65535) : undefined,
    workbenchEnabled: readBool(env, 'WORKBENCH_ENABLED', !production),
    workbenchFhirServer: readFhirBaseUrl(env, 'WORKBENCH_FHIR_SERVER', DEFAULT_WORKBENCH_FHIR_SERVER),
  });
}
