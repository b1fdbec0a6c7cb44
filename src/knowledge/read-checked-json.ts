import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { StartupError } from '../errors.js';

/** A knowledge JSON file checked against its schema; any problem stops start-up naming the file and where. */
export function readJson<T>(path: string, schema: object, label: string): T {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new StartupError(`Knowledge ${label} ${path} cannot be read: ${(error as Error).message}`);
  }
  const validate = new Ajv({ strict: false }).compile<T>(schema);
  if (!validate(value)) {
    const e = validate.errors?.[0];
    throw new StartupError(
      `Knowledge ${label} ${path} is invalid at ${e?.instancePath || '/'}: ${e?.message ?? ''}`,
    );
  }
  return value;
}
