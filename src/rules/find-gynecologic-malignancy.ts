import { activeConditionsIn } from './condition-queries.js';
import { conditionEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { RuleValueSets } from './rule-knowledge.js';
import { makeFinding, type Rule } from './rule-context.js';

/**
 * `gynecologic-malignancy`: active cervical or uterine cancer (warning: fluid through the cavity can spill malignant
 * cells, [S23]); ovarian or tubal cancer alone (info: no source supports a contraindication). Never critical and
 * never "cancel": fertility-sparing management is when these studies are ordered (review 3.12, judgment).
 */
export const findGynecologicMalignancy: Rule = (ctx) => {
  const conditions = activeConditionsIn(ctx, RuleValueSets.gynecologicMalignancy);
  if (conditions.length === 0) return undefined;
  const throughCavity = activeConditionsIn(ctx, RuleValueSets.uterineCervicalMalignancy).length > 0;
  return makeFinding(ctx, {
    kind: 'gynecologic-malignancy',
    severity: throughCavity ? 'warning' : 'info',
    summary: throughCavity
      ? `Active cervical or uterine cancer on record: discuss the ${ctx.procedureName} with gynaecologic oncology first`
      : `Active ovarian or tubal cancer on record: confirm the ${ctx.procedureName} with the treating gynaecologic oncologist`,
    explanation: throughCavity
      ? 'Fluid pushed through the uterine cavity and tubes can carry malignant cells into the peritoneal cavity: ' +
        'after SIS in stage I endometrial cancer malignant cells were found in the spill in 1 of 14 women, although ' +
        'hysteroscopy has not been shown to worsen stage or survival. No guideline forbids the study; proceed on ' +
        'the advice of the treating gynaecologic oncologist (for example in fertility-sparing management).'
      : 'No source found supports a contraindication with ovarian or tubal cancer; the treating team should know of ' +
        'the study.',
    evidence: conditions.map(conditionEvidence),
    references: [GuidelineLinks.acrHsg],
    overrideReasons: ['specialist-approved', 'record-outdated'],
  });
};
