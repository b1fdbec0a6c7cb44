import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { projectRoot } from '../project-root.js';

/** The JSON Schemas published in cds-hooks/, compiled once per process. */
export const SCHEMA_DIR = join(projectRoot(), 'cds-hooks');

// ajv-formats ships CommonJS with a default export; under NodeNext it arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, name), 'utf8')) as Record<string, unknown>;
}

export function compileSchema<T>(name: string): ValidateFunction<T> {
  const ajv = addFormats(new Ajv({ allErrors: false, strict: false }));
  return ajv.compile<T>(readSchema(name));
}

/** JSON pointer `/context/patientId` → FHIRPath-like `context.patientId`. */
export function errorLocation(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
  const missing =
    error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  if (missing) return path ? `${path}.${missing}` : missing;
  return path || '(body)';
}

export function describeError(error: ErrorObject): string {
  const where = errorLocation(error);
  if (error.keyword === 'required') return `${where} is required`;
  if (error.keyword === 'type')
    return `${where} must be of type ${String((error.params as { type?: unknown }).type)}`;
  if (error.keyword === 'const' || error.keyword === 'enum') {
    const allowed =
      (error.params as { allowedValue?: unknown; allowedValues?: unknown }).allowedValue ??
      (error.params as { allowedValues?: unknown }).allowedValues;
    return `${where} must be ${JSON.stringify(allowed)}`;
  }
  return `${where} ${error.message ?? 'is invalid'}`;
}
