import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ValueSet } from 'fhir/r4.js';
import { FINDING_KIND_SYSTEM } from './canonical.js';
import { codeStatusOf } from './expand-value-sets.js';
import { DEFAULT_KNOWLEDGE_DIR, flattenConcepts, loadKnowledge } from './load-knowledge.js';
import { ICD10CM_SYSTEM } from './value-set-index.js';
import { RULE_THRESHOLDS } from '../rules/rule-constants.js';
import { BillingKnowledge } from '../billing/billing-knowledge.js';

const knowledge = loadKnowledge();
const { icd10cm } = knowledge;
/** The fiscal year in force today: the knowledge must be valid in it. */
const fiscalYear = icd10cm.fiscalYearOn(new Date());

interface FoundCode {
  readonly file: string;
  readonly code: string;
  readonly kind: 'concept' | 'coding' | 'is-a';
  readonly valueSet?: string;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** Every ICD-10-CM code anywhere in fhir-profiles/: value-set concepts and filters, codings, ConceptMaps, examples. */
function icd10cmCodes(): FoundCode[] {
  const found: FoundCode[] = [];
  const walk = (node: unknown, file: string, valueSet: string | undefined): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, file, valueSet));
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    const vs = o.resourceType === 'ValueSet' ? (o.url as string) : valueSet;
    if (o.system === ICD10CM_SYSTEM) {
      if (typeof o.code === 'string') found.push({ file, code: o.code, kind: 'coding' });
      for (const c of (o.concept as { code: string }[] | undefined) ?? [])
        found.push({ file, code: c.code, kind: 'concept', ...(vs ? { valueSet: vs } : {}) });
      for (const f of (o.filter as { value: string; op: string }[] | undefined) ?? [])
        if (f.op === 'is-a') found.push({ file, code: f.value, kind: 'is-a' });
    }
    for (const value of Object.values(o)) walk(value, file, vs);
  };
  for (const file of jsonFiles(DEFAULT_KNOWLEDGE_DIR)) {
    walk(JSON.parse(readFileSync(file, 'utf8')), file.slice(DEFAULT_KNOWLEDGE_DIR.length + 1), undefined);
  }
  return found;
}

describe('ICD-10-CM codes in fhir-profiles/ against the shipped table', () => {
  const codes = icd10cmCodes();

  it('finds the codes (the walk works)', () => {
    expect(codes.length).toBeGreaterThan(100);
    expect(icd10cm.size).toBeGreaterThan(4400);
    expect(icd10cm.latestFiscalYear).toBe(2027);
  });

  it('every listed code exists in the fiscal year in force', () => {
    const missing = codes
      .filter((c) => c.kind !== 'is-a' && icd10cm.statusIn(c.code, fiscalYear) === 'not-in-year')
      .map((c) => `${c.file}: ${c.code}`);
    const uncovered = codes.filter((c) => !icd10cm.covers(c.code)).map((c) => `${c.file}: ${c.code}`);
    expect(missing).toEqual([]);
    // A family the table does not ship cannot be checked: ship it (terminology/README.md) before using it.
    expect(uncovered).toEqual([]);
  });

  it('every is-a filter names an existing category or subcategory', () => {
    const bad = codes
      .filter((c) => c.kind === 'is-a')
      .filter(
        (c) =>
          icd10cm.statusIn(c.code, fiscalYear) !== 'header' &&
          icd10cm.statusIn(c.code, fiscalYear) !== 'billable',
      )
      .map((c) => `${c.file}: is-a ${c.code}`);
    expect(bad).toEqual([]);
  });

  it('no enumerated code that can reach a claim is a header or out of date', () => {
    const claimable = codes.filter((c) => c.kind === 'concept' && c.valueSet === BillingKnowledge.indication);
    expect(claimable.length).toBeGreaterThan(20);
    const notBillable = claimable
      .filter((c) => icd10cm.statusIn(c.code, fiscalYear) !== 'billable')
      .map((c) => `${c.code}: ${icd10cm.statusIn(c.code, fiscalYear)}`);
    expect(notBillable).toEqual([]);
  });

  it('the is-a families are expanded with the code system version, headers abstract', () => {
    const vs = knowledge.valueSets.get(BillingKnowledge.indication) as ValueSet;
    expect(vs.expansion?.parameter).toContainEqual({
      name: 'used-codesystem',
      valueUri: `${ICD10CM_SYSTEM}|FY${knowledge.expansionFiscalYear}`,
    });
    const contains = vs.expansion?.contains ?? [];
    const byCode = new Map(contains.map((c) => [c.code, c]));
    for (const header of ['Q51', 'Q51.1', 'Q51.2', 'Q51.8', 'Q51.81', 'D25']) {
      expect(byCode.get(header)?.abstract).toBe(true);
    }
    expect(byCode.get('Q51.3')?.abstract).toBeUndefined();
    expect(byCode.get('D25.0')?.display).toBe('Submucous leiomyoma of uterus');
    // Excluded on purpose, and deleted codes are not in the year's expansion.
    expect(byCode.has('Q51.0')).toBe(false);
    expect(byCode.has('Q51.20')).toBe(false);
    expect(vs.expansion?.total).toBe(contains.length);
  });

  it('knows fiscal years: 1 October starts the next one', () => {
    expect(icd10cm.fiscalYearOn(new Date('2026-09-30T12:00:00Z'))).toBe(2026);
    expect(icd10cm.fiscalYearOn(new Date('2026-10-01T12:00:00Z'))).toBe(2027);
    expect(icd10cm.statusIn('Q51.20', 2020)).toBe('billable');
    expect(icd10cm.statusIn('Q51.20', 2027)).toBe('not-in-year');
    expect(icd10cm.statusIn('N80.0', 2022)).toBe('billable');
    expect(icd10cm.statusIn('N80.0', 2023)).toBe('header');
    expect(icd10cm.statusIn('J45.909', 2027)).toBe('unknown');
  });
});

describe('LOINC and SNOMED CT corrections (review of 0.1.0)', () => {
  const displays = (url: string) =>
    new Map(knowledge.valueSets.enumerated(url).map((c) => [c.code, c.display]));

  it('hcg-other-units names the tests its codes are', () => {
    const d = displays('http://hsg-cds.org/fhir/ValueSet/hcg-other-units');
    expect(d.get('55869-2')).toBe('Choriogonadotropin.beta subunit [Mass/volume] in Serum or Plasma');
    expect(d.get('99104-2')).toBe('Choriogonadotropin [Mass/volume] in Urine');
    expect(d.get('93769-8')).toBe('Choriogonadotropin.intact+Beta subunit [Mass/volume] in Serum or Plasma');
  });

  const snomedMarks = () =>
    [...knowledge.valueSets.urls].flatMap((url) => {
      const vs = knowledge.valueSets.get(url) as ValueSet;
      return (vs.compose?.include ?? [])
        .filter((inc) => inc.system === 'http://snomed.info/sct')
        .flatMap((inc) => (inc.concept ?? []).map((c) => ({ url, vs, code: c.code, ...codeStatusOf(c) })));
    });

  it('inactive SNOMED CT codes are marked, with their replacement in the same value set', () => {
    const marks = snomedMarks();
    const inactive = marks.filter((m) => m.status === 'inactive');
    expect(inactive.map((m) => m.code).sort()).toEqual(['255409004', '7140000']);
    for (const m of inactive) {
      const replacement = /replacement:? (\d+)|current code: (\d+)/i.exec(m.note ?? '');
      const code = replacement?.[1] ?? replacement?.[2];
      expect(code).toBeDefined();
      expect(
        marks.some((other) => other.url === m.url && other.code === code && other.status !== 'inactive'),
      ).toBe(true);
      expect(m.vs.expansion?.contains?.find((c) => c.code === m.code)?.inactive).toBe(true);
    }
  });

  it('every SNOMED CT code marked unverified, inactive or verified is named in the release notes', () => {
    const marked = snomedMarks().filter((m) => m.status !== undefined);
    expect(marked.filter((m) => m.status === 'unverified').length).toBeGreaterThanOrEqual(8);
    const notes = knowledge.release.notes;
    expect(marked.filter((m) => !notes.includes(m.code)).map((m) => m.code)).toEqual([]);
    for (const m of marked) expect(m.note).toBeDefined();
  });
});

describe('finding pages', () => {
  const kinds = flattenConcepts(knowledge.codeSystems.get(FINDING_KIND_SYSTEM)?.concept).map((c) => c.code);

  it('every finding kind has a page, and every page a finding kind', () => {
    expect([...knowledge.findingPages.keys()].sort()).toEqual([...kinds].sort());
  });

  it('names only thresholds and value sets that exist', () => {
    for (const [kind, page] of knowledge.findingPages) {
      for (const key of page.thresholds)
        expect([kind, Object.hasOwn(RULE_THRESHOLDS, key)]).toEqual([kind, true]);
      for (const name of page.valueSets)
        expect([
          kind,
          knowledge.valueSets.get(`http://hsg-cds.org/fhir/ValueSet/${name}`) !== undefined,
        ]).toEqual([kind, true]);
    }
  });
});
