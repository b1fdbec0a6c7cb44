import type { Config } from '../config/config.js';
import { describeRelease, type KnowledgeRelease } from './release.js';

export interface ReleaseGate {
  /** Set when start-up must refuse the release: one line naming it. */
  readonly refusal?: string;
  /** Set when the service runs a release nobody signed: logged at start-up and shown by /readyz. */
  readonly warning?: string;
}

/**
 * Production runs only a reviewed knowledge release, unless KNOWLEDGE_ALLOW_DRAFT=true (then loudly).
 * Development and test run a draft with a warning.
 */
export function knowledgeReleaseGate(
  release: Pick<KnowledgeRelease, 'name' | 'version' | 'status'>,
  config: Pick<Config, 'nodeEnv' | 'knowledgeAllowDraft'>,
): ReleaseGate {
  if (release.status === 'reviewed') return {};
  const name = describeRelease(release);
  if (config.nodeEnv === 'production' && !config.knowledgeAllowDraft) {
    return {
      refusal:
        `Knowledge release ${name} has not been reviewed by a clinician and a coder ` +
        '(fhir-profiles/release/review.json): production refuses it; set KNOWLEDGE_ALLOW_DRAFT=true to run it anyway',
    };
  }
  if (config.nodeEnv === 'production') {
    return {
      warning: `KNOWLEDGE_ALLOW_DRAFT=true: production is running the UNREVIEWED knowledge release ${name}`,
    };
  }
  return { warning: `Running the unreviewed knowledge release ${name} (not allowed in production)` };
}
