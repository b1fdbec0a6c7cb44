import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartupError } from '../errors.js';
import { DEFAULT_KNOWLEDGE_DIR } from './load-knowledge.js';
import { describeRelease, loadRelease } from './release.js';

describe('loadRelease', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hsg-release-'));
    cpSync(join(DEFAULT_KNOWLEDGE_DIR, 'release'), join(dir, 'release'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const writeReview = (review: object) =>
    writeFileSync(join(dir, 'release', 'review.json'), JSON.stringify(review));
  const clinician = {
    role: 'clinician',
    reviewer: 'Dr A. Example, MD',
    date: '2026-12-01',
    covered: ['all rules'],
  };
  const coder = { role: 'coder', reviewer: 'B. Example, CPC', date: '2026-12-01', covered: ['billing'] };

  it('reads the shipped release: a semver version, notes, open questions, draft until reviewed', () => {
    const release = loadRelease(DEFAULT_KNOWLEDGE_DIR);
    expect(release.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(release.notes).toContain(release.version);
    expect(release.openQuestions.length).toBeGreaterThan(0);
    expect(release.status).toBe('draft');
    expect(describeRelease(release)).toBe(`hsg-cds knowledge ${release.version} (draft)`);
  });

  it('accepts a release reviewed by a clinician and a coder', () => {
    writeReview({
      release: '0.3.0',
      status: 'reviewed',
      requiredRoles: ['clinician', 'coder'],
      reviews: [clinician, coder],
    });
    expect(loadRelease(dir).status).toBe('reviewed');
  });

  it.each([
    [
      'marked reviewed without a coder',
      { release: '0.3.0', status: 'reviewed', requiredRoles: ['clinician', 'coder'], reviews: [clinician] },
      /marked reviewed but has no coder review/,
    ],
    [
      'a review record of another release',
      {
        release: '0.1.0',
        status: 'reviewed',
        requiredRoles: ['clinician', 'coder'],
        reviews: [clinician, coder],
      },
      /is for release 0\.1\.0, not 0\.3\.0/,
    ],
    [
      'a review without what it covered',
      {
        release: '0.3.0',
        status: 'draft',
        requiredRoles: ['clinician'],
        reviews: [{ ...clinician, covered: [] }],
      },
      /review record .* is invalid/,
    ],
  ])('refuses %s', (_name, review, message) => {
    writeReview(review);
    expect(() => loadRelease(dir)).toThrow(StartupError);
    expect(() => loadRelease(dir)).toThrow(message);
  });
});
