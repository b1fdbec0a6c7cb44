import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { StartupError } from '../errors.js';

/**
 * The ICD-10-CM table the project ships (fhir-profiles/terminology/, provenance in its README): the code
 * families the knowledge uses, with the fiscal years each code existed and was billable.
 */
export interface Icd10cmEntry {
  /** Without the dot, upper case: `N971`. */
  readonly code: string;
  /** `N97.1` */
  readonly dotted: string;
  readonly category: string;
  readonly firstFy: number;
  readonly lastFy: number;
  readonly firstBillableFy: number | undefined;
  readonly lastBillableFy: number | undefined;
  readonly title: string;
}

export type Icd10cmStatus = 'billable' | 'header' | 'not-in-year' | 'unknown';

export interface Icd10cmTable {
  /** e.g. `FY2016-FY2027`: the fiscal years the table covers. */
  readonly version: string;
  readonly firstFiscalYear: number;
  readonly latestFiscalYear: number;
  readonly size: number;
  get(code: string): Icd10cmEntry | undefined;
  /** True when the code's family is in the shipped subset, so absence from the table means "no such code". */
  covers(code: string): boolean;
  /** `billable` in that fiscal year; `header` (exists, not billable); `not-in-year`; `unknown` (family not shipped). */
  statusIn(code: string, fiscalYear: number): Icd10cmStatus;
  /** The code and every code under it (prefix), in table order. */
  familyOf(code: string): readonly Icd10cmEntry[];
  /** The fiscal year in force on a date, limited to the years the table holds. */
  fiscalYearOn(date: Date): number;
}

export const ICD10CM_TABLE_FILES = ['icd10cm-subset-fy2016-fy2027.csv.gz', 'icd10cm-subset-supplement.csv'];

/** ICD-10-CM fiscal year N runs from 1 October of N-1 to 30 September of N. */
export function fiscalYearOf(date: Date): number {
  return date.getUTCMonth() >= 9 ? date.getUTCFullYear() + 1 : date.getUTCFullYear();
}

/** One CSV line: fields separated by commas, a field in double quotes may hold commas and "" for a quote. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

const COLUMNS = [
  'code',
  'codeDotted',
  'category',
  'firstFy',
  'lastFy',
  'fiscalYearsPresent',
  'hasGap',
  'firstBillableFy',
  'lastBillableFy',
  'status',
  'titleVersions',
  'longTitle',
] as const;

function parseRows(text: string, file: string): Icd10cmEntry[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines[0] !== COLUMNS.join(','))
    throw new StartupError(`ICD-10-CM table ${file} has unexpected columns`);
  return lines.slice(1).map((line, i) => {
    const f = splitCsvLine(line);
    if (f.length !== COLUMNS.length)
      throw new StartupError(`ICD-10-CM table ${file} line ${i + 2} is malformed`);
    const year = (s: string | undefined) => (s ? Number(s) : undefined);
    return {
      code: f[0]!,
      dotted: f[1]!,
      category: f[2]!,
      firstFy: Number(f[3]),
      lastFy: Number(f[4]),
      firstBillableFy: year(f[7]),
      lastBillableFy: year(f[8]),
      title: f[11]!,
    };
  });
}

/** ICD-10-CM codes arrive as `N97.1` or `N971`, in any case: compared without the dot, upper-cased. */
export function normaliseIcd10cm(code: string): string {
  return code.trim().replace(/\./g, '').toUpperCase();
}

export function buildIcd10cmTable(entries: readonly Icd10cmEntry[]): Icd10cmTable {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const sorted = [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  // The shipped families: whole categories, except a few narrower prefixes (A18.1, T88.6, Z91.0).
  const familyRoots = new Set(sorted.filter((e) => !byCode.has(e.code.slice(0, -1))).map((e) => e.code));
  const firstFiscalYear = Math.min(...sorted.map((e) => e.firstFy));
  const latestFiscalYear = Math.max(...sorted.map((e) => e.lastFy));
  const get = (code: string) => byCode.get(normaliseIcd10cm(code));
  const covers = (code: string) => {
    const plain = normaliseIcd10cm(code);
    for (let n = 3; n <= plain.length; n++) if (familyRoots.has(plain.slice(0, n))) return true;
    return false;
  };
  return {
    version: `FY${firstFiscalYear}-FY${latestFiscalYear}`,
    firstFiscalYear,
    latestFiscalYear,
    size: sorted.length,
    get,
    covers,
    statusIn(code, fiscalYear) {
      const entry = get(code);
      if (!entry) return covers(code) ? 'not-in-year' : 'unknown';
      if (fiscalYear < entry.firstFy || fiscalYear > entry.lastFy) return 'not-in-year';
      const billable =
        entry.firstBillableFy !== undefined &&
        entry.lastBillableFy !== undefined &&
        fiscalYear >= entry.firstBillableFy &&
        fiscalYear <= entry.lastBillableFy;
      return billable ? 'billable' : 'header';
    },
    familyOf(code) {
      const plain = normaliseIcd10cm(code);
      return sorted.filter((e) => e.code.startsWith(plain));
    },
    fiscalYearOn(date) {
      return Math.min(Math.max(fiscalYearOf(date), firstFiscalYear), latestFiscalYear);
    },
  };
}

/** Reads the shipped table (gzip or plain CSV files in `dir`). */
export function loadIcd10cmTable(dir: string): Icd10cmTable {
  const entries = ICD10CM_TABLE_FILES.flatMap((name) => {
    const path = join(dir, name);
    let text: string;
    try {
      const raw = readFileSync(path);
      text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    } catch (error) {
      throw new StartupError(`ICD-10-CM table ${path} cannot be read: ${(error as Error).message}`);
    }
    return parseRows(text, name);
  });
  return buildIcd10cmTable(entries);
}
