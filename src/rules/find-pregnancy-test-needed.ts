import { isAlreadyDrafted } from './draft-orders.js';
import { isWithinHoursBefore } from './dates.js';
import { observationEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { currentEquivocalHcg, currentPositiveHcg, hcgResults } from './hcg-results.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleActivityDefinitions, RuleValueSets } from './rule-knowledge.js';
import { isAvailable, makeFinding, type Rule } from './rule-context.js';
import type { Evidence } from './types.js';

/**
 * `pregnancy-test-needed` (info): no final negative hCG within 72 hours before the procedure. Silent when an
 * hCG is already among the draft orders, when a positive or equivocal result has its own card, and when the
 * observations could not be obtained (screening-incomplete says so).
 */
export const findPregnancyTestNeeded: Rule = (ctx) => {
  if (!isAvailable(ctx, 'observations') || isAlreadyDrafted(ctx, RuleValueSets.hcgTest)) return undefined;
  const results = hcgResults(ctx);
  if (currentPositiveHcg(ctx, results).length > 0 || currentEquivocalHcg(ctx, results)) return undefined;
  const cleared = results.some(
    (r) =>
      r.reading === 'negative' &&
      r.final &&
      isWithinHoursBefore(r.date, ctx.procedureDate, T.negativeTestWindowHours),
  );
  if (cleared) return undefined;
  const older: Evidence[] = results.slice(0, 2).map((r) => {
    const evidence = observationEvidence(r.observation);
    const why =
      r.reading !== 'negative' ? 'not negative' : r.final ? 'more than 72 hours before' : 'not final';
    return { ...evidence, description: `${evidence.description} (${why})` };
  });
  return makeFinding(ctx, {
    kind: 'pregnancy-test-needed',
    severity: 'info',
    summary: `No negative pregnancy test within 72 h before ${ctx.procedureName}: test on the day of the procedure`,
    explanation:
      'HSG and SIS must not be done unless pregnancy has been excluded. A negative hCG within ' +
      `${T.negativeTestWindowHours} hours before the procedure, or on the day, excludes it; a urine test very ` +
      'early after ovulation can still be falsely negative, so keep to the follicular phase.',
    evidence: older,
    references: [GuidelineLinks.acrHsg],
    suggestions: [
      {
        kind: 'create-order',
        label: 'Order serum hCG for the day of the procedure',
        activityDefinition: RuleActivityDefinitions.serumHcg,
      },
    ],
    overrideReasons: ['test-scheduled', 'pregnancy-excluded', 'already-ordered'],
  });
};
