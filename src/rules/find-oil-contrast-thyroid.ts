import { activeConditionsIn } from './condition-queries.js';
import { isAlreadyDrafted } from './draft-orders.js';
import { subtractMonths } from './dates.js';
import { conditionEvidence, observationEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { latestResultPerTest } from './observation-result.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import { cancelOrder, isAvailable, makeFinding, type Rule, type RuleContext } from './rule-context.js';
import type { Finding } from './types.js';

const REFERENCES = [GuidelineLinks.lipiodolLabel, GuidelineLinks.selfiThyroid];
const OVERRIDES = ['water-soluble-contrast', 'thyroid-function-known', 'benefit-outweighs-risk'];

function hyperthyroidFinding(ctx: RuleContext): Finding | undefined {
  const conditions = activeConditionsIn(ctx, RuleValueSets.hyperthyroidism);
  if (conditions.length === 0) return undefined;
  return makeFinding(ctx, {
    kind: 'oil-contrast-thyroid',
    severity: 'critical',
    summary: `Hyperthyroidism on record: oil-based contrast is contraindicated; use water-soluble contrast or SIS`,
    explanation:
      'Ethiodized oil delivers a large, slowly released iodine load. The Lipiodol label contraindicates it in ' +
      'hyperthyroidism; use water-soluble contrast or a contrast-free study instead.',
    evidence: conditions.map(conditionEvidence),
    references: REFERENCES,
    suggestions: [cancelOrder(ctx)],
    overrideReasons: OVERRIDES,
  });
}

function missingTshFinding(ctx: RuleContext): Finding | undefined {
  if (!isAvailable(ctx, 'observations') || isAlreadyDrafted(ctx, RuleValueSets.tshObservation))
    return undefined;
  const since = subtractMonths(ctx.procedureDate, T.tshWindowMonths);
  const results = latestResultPerTest(
    ctx.record.observations,
    ctx.valueSets,
    RuleValueSets.tshObservation,
    ctx.now,
  );
  if (results.some((r) => r.final && r.date.getTime() >= since.getTime())) return undefined;
  return makeFinding(ctx, {
    kind: 'oil-contrast-thyroid',
    severity: 'warning',
    summary: `Oil-based contrast and no TSH in the last 12 months: check thyroid function before ${ctx.procedureName}`,
    explanation:
      'Oil-based HSG causes iodine excess in almost all women and subclinical hypothyroidism in about a third ' +
      '(SELFI study). Check a baseline TSH, repeat it 4-8 weeks after the procedure, and tell newborn screening if ' +
      'conception follows within 6 months.',
    evidence: results.map((r) => observationEvidence(r.observation)),
    references: REFERENCES,
    overrideReasons: OVERRIDES,
  });
}

/**
 * `oil-contrast-thyroid`, only when oil-based contrast (ethiodized oil) is ordered: critical with active
 * hyperthyroidism; otherwise a warning when no TSH was measured in the 12 months before the procedure.
 */
export const findOilContrastThyroid: Rule = (ctx) => {
  if (!ctx.oilContrast) return undefined;
  return hyperthyroidFinding(ctx) ?? missingTshFinding(ctx);
};
