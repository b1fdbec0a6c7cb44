import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from '../errors.js';
import { readJson } from './read-checked-json.js';

export type ReviewRole = 'clinician' | 'coder';

/** One sign-off of a release (fhir-profiles/release/review.json). */
export interface KnowledgeReview {
  readonly role: ReviewRole;
  readonly reviewer: string;
  readonly date: string;
  /** What the reviewer covered: finding kinds, value sets, ConceptMaps, example patients … */
  readonly covered: readonly string[];
  readonly comments?: string;
}

/** The knowledge release: its version, notes and review status (fhir-profiles/release/). */
export interface KnowledgeRelease {
  readonly name: string;
  readonly version: string;
  readonly date: string;
  readonly status: 'draft' | 'reviewed';
  readonly requiredRoles: readonly ReviewRole[];
  readonly reviews: readonly KnowledgeReview[];
  readonly openQuestions: readonly string[];
  /** The release notes (markdown). */
  readonly notes: string;
}

export const RELEASE_DIR = 'release';

const releaseSchema = {
  type: 'object',
  required: ['name', 'version', 'date', 'notes', 'review', 'openQuestions'],
  properties: {
    name: { type: 'string', minLength: 1 },
    version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?$' },
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    notes: { type: 'string', pattern: '^[\\w.-]+$' },
    review: { type: 'string', pattern: '^[\\w.-]+$' },
    openQuestions: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
} as const;

const reviewSchema = {
  type: 'object',
  required: ['release', 'status', 'requiredRoles', 'reviews'],
  properties: {
    release: { type: 'string' },
    status: { enum: ['draft', 'reviewed'] },
    requiredRoles: { type: 'array', minItems: 1, items: { enum: ['clinician', 'coder'] } },
    reviews: {
      type: 'array',
      items: {
        type: 'object',
        required: ['role', 'reviewer', 'date', 'covered'],
        properties: {
          role: { enum: ['clinician', 'coder'] },
          reviewer: { type: 'string', minLength: 3 },
          date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          covered: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          comments: { type: 'string' },
        },
      },
    },
  },
} as const;

interface ReleaseFile {
  name: string;
  version: string;
  date: string;
  notes: string;
  review: string;
  openQuestions: string[];
}

interface ReviewFile {
  release: string;
  status: 'draft' | 'reviewed';
  requiredRoles: ReviewRole[];
  reviews: KnowledgeReview[];
}

/**
 * Reads the release metadata. A release marked `reviewed` must carry a review in every required role for
 * this very version; anything else is a broken release and stops start-up.
 */
export function loadRelease(knowledgeDir: string): KnowledgeRelease {
  const dir = join(knowledgeDir, RELEASE_DIR);
  const release = readJson<ReleaseFile>(join(dir, 'release.json'), releaseSchema, 'release');
  const review = readJson<ReviewFile>(join(dir, release.review), reviewSchema, 'review record');
  if (review.release !== release.version) {
    throw new StartupError(
      `Knowledge review record ${release.review} is for release ${review.release}, not ${release.version}`,
    );
  }
  const missing = review.requiredRoles.filter((role) => !review.reviews.some((r) => r.role === role));
  if (review.status === 'reviewed' && missing.length > 0) {
    throw new StartupError(
      `Knowledge release ${release.version} is marked reviewed but has no ${missing.join(' or ')} review`,
    );
  }
  let notes: string;
  try {
    notes = readFileSync(join(dir, release.notes), 'utf8');
  } catch (error) {
    throw new StartupError(`Knowledge release notes cannot be read: ${(error as Error).message}`);
  }
  return Object.freeze({
    name: release.name,
    version: release.version,
    date: release.date,
    status: review.status,
    requiredRoles: review.requiredRoles,
    reviews: review.reviews,
    openQuestions: release.openQuestions,
    notes,
  });
}

/** `hsg-cds knowledge 0.3.0 (draft)`: how logs and messages name a release. */
export function describeRelease(release: Pick<KnowledgeRelease, 'name' | 'version' | 'status'>): string {
  return `${release.name} ${release.version} (${release.status})`;
}
