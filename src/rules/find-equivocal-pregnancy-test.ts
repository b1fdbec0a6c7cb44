import { describeAgo } from './dates.js';
import { observationEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { currentEquivocalHcg, formatMiuPerMl, hcgResults } from './hcg-results.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { makeFinding, type Rule } from './rule-context.js';

/** `pregnancy-test-equivocal` (warning): the most recent quantitative hCG is above 5 and below 25 mIU/mL. */
export const findEquivocalPregnancyTest: Rule = (ctx) => {
  const result = currentEquivocalHcg(ctx, hcgResults(ctx));
  if (!result) return undefined;
  return makeFinding(ctx, {
    kind: 'pregnancy-test-equivocal',
    severity: 'warning',
    summary:
      `Equivocal hCG ${formatMiuPerMl(result.miuPerMl ?? 0)} ${describeAgo(result.date, ctx.now)}: ` +
      `repeat in 48-72 h; do not proceed with ${ctx.procedureName} until negative`,
    explanation:
      `An hCG above ${T.hcgNegativeMaxMiuPerMl} and below ${T.hcgPositiveMinMiuPerMl} mIU/mL can be a very early ` +
      'pregnancy. Repeat the quantitative hCG in 48-72 hours: a rising value means pregnancy.',
    evidence: [observationEvidence(result.observation)],
    references: [GuidelineLinks.acrHsg],
    overrideReasons: ['pregnancy-excluded', 'test-scheduled'],
  });
};
