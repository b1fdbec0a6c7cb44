import type { FeedbackStore } from '../feedback/feedback-store.js';
import { FINDING_KIND_SYSTEM, OVERRIDE_REASON_SYSTEM } from '../knowledge/canonical.js';
import type { Knowledge } from '../knowledge/knowledge.js';
import { OrderValueSets } from '../orders/order-value-sets.js';
import { PrefetchValueSets } from '../services/prefetch-plan.js';

export interface ReadinessResult {
  readonly ok: boolean;
  /** Short, PHI-free: /readyz is unauthenticated. */
  readonly detail?: string;
}

export interface ReadinessCheck {
  readonly name: string;
  /**
   * A failing critical check makes /readyz answer 503 (take this replica out of the load balancer).
   * A failing non-critical one is reported with 200 and status 'degraded': the replica still answers.
   */
  readonly critical: boolean;
  check(): ReadinessResult | Promise<ReadinessResult>;
}

/** Without these the services would answer, but wrongly: no order recognised, cards without topics. */
const REQUIRED_VALUE_SETS = [...Object.values(OrderValueSets), ...Object.values(PrefetchValueSets)];
const REQUIRED_CODE_SYSTEMS = [FINDING_KIND_SYSTEM, OVERRIDE_REASON_SYSTEM];

/**
 * The knowledge is loaded and holds every resource the services look up; the detail names the release
 * and, when production runs an unreviewed one, says so.
 */
export function checkKnowledge(knowledge: Knowledge, releaseWarning?: string): ReadinessResult {
  if (knowledge.summary.length === 0) return { ok: false, detail: 'no knowledge resources are loaded' };
  const missing = [
    ...REQUIRED_VALUE_SETS.filter((url) => !knowledge.valueSets.get(url)),
    ...REQUIRED_CODE_SYSTEMS.filter((url) => !knowledge.codeSystems.has(url)),
  ];
  if (missing.length > 0) return { ok: false, detail: `missing ${missing.join(', ')}` };
  const { version, status } = knowledge.release;
  const warning = releaseWarning ? `; ${releaseWarning}` : '';
  return {
    ok: true,
    detail: `${knowledge.summary.length} resources, release ${version} (${status})${warning}`,
  };
}

export function createReadinessChecks(
  knowledge: Knowledge,
  store: FeedbackStore,
  releaseWarning?: string,
): ReadinessCheck[] {
  const knowledgeCheck = {
    name: 'knowledge',
    critical: true,
    check: () => checkKnowledge(knowledge, releaseWarning),
  };
  if (store.backend === 'sqlite') {
    // This replica's own file: if it cannot be written, another replica may do better.
    return [knowledgeCheck, { name: 'feedbackStore', critical: true, check: () => store.probe() }];
  }
  // The shared database is down for every replica alike: taking them all out would stop the hook calls
  // too, which keep answering without it. Reported, so that alerts and operators see it.
  return [knowledgeCheck, { name: 'database', critical: false, check: () => store.probe() }];
}
