import { describeAgo } from './dates.js';
import { observationEvidence } from './evidence.js';
import { exogenousHcgNote } from './exogenous-hcg.js';
import { GuidelineLinks } from './guideline-links.js';
import { currentEquivocalHcg, formatMiuPerMl, hcgResults } from './hcg-results.js';
import { ageOnProcedureDate, isPostmenopausal } from './patient-facts.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { makeFinding, type Rule, type RuleContext } from './rule-context.js';

/** Peri- and postmenopausal women can have benign low-level pituitary hCG ([S21]). */
function pituitaryHcgNote(ctx: RuleContext): string {
  const age = ageOnProcedureDate(ctx);
  if (!isPostmenopausal(ctx) && (age === undefined || age < T.pituitaryHcgAgeYears)) return '';
  return (
    '\n\nIn peri- and postmenopausal women a low, stable hCG (up to about 14 IU/L) can come from the pituitary and ' +
    'be benign: a repeat that does not rise, or an FSH in the menopausal range, supports that.'
  );
}

/**
 * `pregnancy-test-equivocal` (warning): the most recent quantitative hCG is from 5 up to 25 mIU/mL and no later
 * negative serum test (or positive) followed it.
 */
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
      `An hCG from ${T.hcgNegativeBelowMiuPerMl} up to ${T.hcgPositiveMinMiuPerMl} mIU/mL can be a very early ` +
      'pregnancy. Repeat the quantitative serum hCG in 48-72 hours: a rising value means pregnancy. Only a serum ' +
      `result below ${T.hcgNegativeBelowMiuPerMl} mIU/mL clears it: urine tests detect about 20-25 mIU/mL.` +
      pituitaryHcgNote(ctx) +
      exogenousHcgNote(ctx, result.date),
    evidence: [observationEvidence(result.observation)],
    references: [GuidelineLinks.acogSis, GuidelineLinks.acrHsg],
    overrideReasons: ['pregnancy-excluded', 'test-scheduled'],
  });
};
