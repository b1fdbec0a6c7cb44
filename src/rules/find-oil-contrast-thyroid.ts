import { activeConditionsIn } from './condition-queries.js';
import { isAlreadyDrafted } from './draft-orders.js';
import { conditionEvidence, observationEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import { ifOilPlanned } from './oil-planned.js';
import { cancelOrder, isAvailable, makeFinding, type Rule, type RuleContext } from './rule-context.js';
import { recentTsh, type TshResult } from './tsh-results.js';
import type { Evidence, Finding } from './types.js';

const REFERENCES = [GuidelineLinks.lipiodolLabel, GuidelineLinks.selfiThyroid];
const OVERRIDES = ['water-soluble-contrast', 'thyroid-function-known', 'benefit-outweighs-risk'];
const MONITORING =
  'Oil-based HSG causes iodine excess in almost all women (lasting 3 months or more in two thirds) and subclinical ' +
  'hypothyroidism in about a third, mostly by week 4 (SELFI study). Check a baseline TSH, repeat it 4-8 weeks ' +
  'after the procedure, and tell newborn screening if conception follows within 6 months.';

/** Hyperthyroidism on the problem list or a TSH below the range: the label's contraindication ([S8]). */
function hyperthyroidFinding(ctx: RuleContext, tsh: TshResult | undefined): Finding | undefined {
  const conditions = activeConditionsIn(ctx, RuleValueSets.hyperthyroidism);
  const suppressed = tsh?.reading === 'low' ? tsh : undefined;
  if (conditions.length === 0 && !suppressed) return undefined;
  return makeFinding(ctx, {
    kind: 'oil-contrast-thyroid',
    severity: 'critical',
    summary:
      conditions.length > 0
        ? 'Hyperthyroidism on record: oil-based contrast is contraindicated; use water-soluble contrast or SIS'
        : 'Suppressed TSH: possible hyperthyroidism, a contraindication to oil-based contrast; use water-soluble contrast',
    action:
      'Use water-soluble contrast or a contrast-free study instead, or clarify thyroid status first: oil-based contrast is contraindicated.',
    explanation:
      'Ethiodized oil delivers a large, slowly released iodine load. The Lipiodol label contraindicates it in ' +
      'hyperthyroidism, and a TSH below the reference range suggests it; use water-soluble contrast or a ' +
      'contrast-free study instead, or clarify thyroid status first.',
    evidence: [
      ...(suppressed ? [observationEvidence(suppressed.observation)] : []),
      ...conditions.map(conditionEvidence),
    ],
    references: REFERENCES,
    suggestions: [cancelOrder(ctx)],
    overrideReasons: OVERRIDES,
  });
}

interface ThyroidConcern {
  readonly summary: string;
  readonly evidence: readonly Evidence[];
}

/** Hypothyroidism or autoimmune thyroiditis, a raised TSH, or no TSH in 12 months: warnings ([S9]-[S11], [S28]). */
function thyroidConcern(ctx: RuleContext, tsh: TshResult | undefined): ThyroidConcern | undefined {
  const conditions = activeConditionsIn(ctx, RuleValueSets.hypothyroidism);
  if (conditions.length > 0) {
    return {
      summary: `Hypothyroidism or autoimmune thyroiditis on record: oil-based contrast can worsen it; check TSH before ${ctx.procedureName}`,
      evidence: [
        ...conditions.map(conditionEvidence),
        ...(tsh ? [observationEvidence(tsh.observation)] : []),
      ],
    };
  }
  if (tsh?.reading === 'high') {
    return {
      summary: `Raised TSH: treat or clarify thyroid status before oil-based contrast for ${ctx.procedureName}`,
      evidence: [observationEvidence(tsh.observation)],
    };
  }
  if (tsh) return undefined;
  if (!isAvailable(ctx, 'observations') || isAlreadyDrafted(ctx, RuleValueSets.tshObservation))
    return undefined;
  return {
    summary: `Oil-based contrast and no TSH in the last ${T.tshWindowMonths} months: check thyroid function before ${ctx.procedureName}`,
    evidence: [],
  };
}

/**
 * `oil-contrast-thyroid`, only when oil-based contrast (ethiodized oil) is ordered: critical with active
 * hyperthyroidism or a TSH below the range; a warning with hypothyroidism or autoimmune thyroiditis, a TSH above the
 * range, or no final TSH in the 12 months before the procedure. A normal TSH in the window clears the check. When the
 * order names no contrast, a recorded thyroid risk is an info card "if oil-based contrast is planned" (oil-planned.ts).
 */
export const findOilContrastThyroid: Rule = (ctx) =>
  ctx.oilContrast ? oilThyroidFinding(ctx) : ifOilPlanned(ctx, oilThyroidFinding);

function oilThyroidFinding(ctx: RuleContext): Finding | undefined {
  const tsh = recentTsh(ctx);
  const critical = hyperthyroidFinding(ctx, tsh);
  if (critical) return critical;
  const concern = thyroidConcern(ctx, tsh);
  if (!concern) return undefined;
  return makeFinding(ctx, {
    kind: 'oil-contrast-thyroid',
    severity: 'warning',
    summary: concern.summary,
    action:
      'Check TSH and treat or clarify thyroid status before oil-based contrast, and repeat TSH 4-8 weeks after; or use water-soluble contrast.',
    explanation:
      `${MONITORING} Women with overt thyroid disease should not receive oil-based contrast (H2Oil2 excluded ` +
      'untreated hypo- and hyperthyroidism); hypothyroidism after an iodine load is typical of autoimmune ' +
      'thyroiditis.',
    evidence: concern.evidence,
    references: REFERENCES,
    overrideReasons: OVERRIDES,
  });
}
