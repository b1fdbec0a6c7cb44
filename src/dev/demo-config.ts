import { loadConfig, type Config } from '../config/config.js';

/**
 * The demo's service configuration: development mode, quiet logs, and the workbench pointed at the
 * demo's own FHIR server; anything set in the environment wins.
 */
export function demoConfig(fhirBaseUrl: string, env: Readonly<Record<string, string | undefined>>): Config {
  return loadConfig({
    LOG_LEVEL: 'warn',
    WORKBENCH_FHIR_SERVER: fhirBaseUrl,
    ...env,
    NODE_ENV: env.NODE_ENV ?? 'development',
  });
}
