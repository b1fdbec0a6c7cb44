import { activeConditionsIn } from './condition-queries.js';
import { conditionEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { makeFinding, type Rule } from './rule-context.js';
import { RuleValueSets } from './rule-knowledge.js';

/**
 * `intrauterine-device` (warning): an intrauterine device recorded as in place. It must come out before HSG or SIS,
 * or the indication is reconsidered (hsg-knowledge.md §2.9; no primary source found: judgment).
 */
export const findIntrauterineDevice: Rule = (ctx) => {
  const conditions = activeConditionsIn(ctx, RuleValueSets.intrauterineDevice);
  if (conditions.length === 0) return undefined;
  return makeFinding(ctx, {
    kind: 'intrauterine-device',
    severity: 'warning',
    summary: `Intrauterine device on record: confirm it has been removed, or reconsider the ${ctx.procedureName}`,
    explanation:
      'An intrauterine device blocks the cavity and tubal views and the catheter can displace it; an infertility ' +
      'work-up presumes it has been removed. If it is still in place, plan its removal (and the timing of the ' +
      'study in the next cycle) or reconsider the indication. No guideline states this: project judgment.',
    evidence: conditions.map(conditionEvidence),
    references: [GuidelineLinks.acrHsg],
    overrideReasons: ['record-outdated', 'not-applicable'],
  });
};
