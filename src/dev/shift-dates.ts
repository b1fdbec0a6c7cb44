import type { Bundle } from 'fhir/r4.js';

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const DAY_MS = 86_400_000;

function shift(value: string, offsetMs: number): string {
  const match = DATE_TIME.exec(value);
  if (!match) return value;
  if (!match[2]) {
    // A date without time moves by whole days and stays a date.
    const days = Math.round(offsetMs / DAY_MS);
    return new Date(Date.parse(`${match[1]}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  }
  return new Date(Date.parse(value) + offsetMs).toISOString();
}

function shiftValue(value: unknown, offsetMs: number): unknown {
  if (typeof value === 'string') return shift(value, offsetMs);
  if (Array.isArray(value)) return value.map((v) => shiftValue(v, offsetMs));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftValue(v, offsetMs)]));
  }
  return value;
}

/**
 * The example patients are written for a fixed clock; the demo runs on the real one. Moving every
 * date and dateTime by the same offset keeps each scenario (a test 3 days ago, a procedure 12 days
 * ago, an order tomorrow) true today.
 */
export function shiftBundleDates(bundle: Bundle, from: Date, to: Date): Bundle {
  return shiftValue(bundle, to.getTime() - from.getTime()) as Bundle;
}
