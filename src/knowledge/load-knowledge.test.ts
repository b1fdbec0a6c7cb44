import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartupError } from '../errors.js';
import { FINDING_KIND_SYSTEM } from './canonical.js';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from './load-knowledge.js';

describe('loadKnowledge', () => {
  it('loads every resource in fhir-profiles/ with its canonical url and version', () => {
    const knowledge = loadKnowledge();
    expect(knowledge.summary.length).toBeGreaterThan(10);
    for (const resource of knowledge.summary) {
      expect(resource.url).toMatch(/^http:\/\/hsg-cds\.org\/fhir\/|^NamingSystem\//);
    }
    expect(knowledge.display(FINDING_KIND_SYSTEM, 'pregnancy')).toBe('Pregnancy');
  });

  it('no text filter matches a blank text (records often carry empty or whitespace-only text)', () => {
    const { valueSets } = loadKnowledge();
    const blank = ['', ' ', '   ', '\t', ' \n '];
    expect(valueSets.urls.filter((url) => blank.some((text) => valueSets.matchesText(url, text)))).toEqual(
      [],
    );
  });

  describe('a broken knowledge folder stops start-up with a message naming the file', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'hsg-knowledge-'));
      cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      ['invalid JSON', '{ "resourceType": ', /ValueSet-broken\.json is not valid JSON/],
      [
        'a ValueSet without publisher',
        JSON.stringify({
          resourceType: 'ValueSet',
          url: 'http://hsg-cds.org/fhir/ValueSet/x',
          version: '1',
          name: 'X',
          status: 'draft',
          description: 'a description long enough',
          compose: { include: [{ system: 's', concept: [{ code: 'c' }] }] },
        }),
        /ValueSet-broken\.json is invalid/,
      ],
      [
        'an unsupported filter',
        JSON.stringify({
          resourceType: 'ValueSet',
          url: 'http://hsg-cds.org/fhir/ValueSet/x',
          version: '1',
          name: 'X',
          status: 'draft',
          publisher: 'p',
          description: 'a description long enough',
          compose: {
            include: [
              { system: 'http://snomed.info/sct', filter: [{ property: 'concept', op: 'is-a', value: '1' }] },
            ],
          },
        }),
        /unsupported filter/,
      ],
      [
        'an unknown resource type',
        JSON.stringify({ resourceType: 'Patient', id: 'x' }),
        /ValueSet-broken\.json is invalid/,
      ],
    ])('%s', (_name, content, message) => {
      writeFileSync(join(dir, 'ValueSet-broken.json'), content);
      expect(() => loadKnowledge(dir)).toThrow(StartupError);
      expect(() => loadKnowledge(dir)).toThrow(message);
    });

    it('a url defined twice', () => {
      cpSync(join(dir, 'ValueSet-hsg-order.json'), join(dir, 'ValueSet-copy.json'));
      expect(() => loadKnowledge(dir)).toThrow(
        /both define http:\/\/hsg-cds\.org\/fhir\/ValueSet\/hsg-order/,
      );
    });

    it('a missing folder', () => {
      expect(() => loadKnowledge(join(dir, 'missing'))).toThrow(/cannot be read/);
    });
  });
});
