import { activeConditionsIn } from './condition-queries.js';
import { matchingCoding } from './concept-match.js';
import { conditionEvidence, procedureEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { RuleValueSets } from './rule-knowledge.js';
import { cancelOrder, makeFinding, type Rule } from './rule-context.js';

/** `no-uterus` (critical): acquired absence or agenesis of the uterus, or a completed hysterectomy at any date. */
export const findNoUterus: Rule = (ctx) => {
  const conditions = activeConditionsIn(ctx, RuleValueSets.noUterusCondition);
  const procedures = ctx.record.procedures.filter(
    (p) =>
      p.status === 'completed' && matchingCoding(ctx.valueSets, RuleValueSets.hysterectomyProcedure, p.code),
  );
  if (conditions.length + procedures.length === 0) return undefined;
  return makeFinding(ctx, {
    kind: 'no-uterus',
    severity: 'critical',
    summary: `No uterus on record (hysterectomy or absent uterus): check the ${ctx.procedureName} order and the record`,
    explanation:
      'The record says the patient has no uterus, so the study cannot be done as ordered. Either the order is for ' +
      'the wrong patient or procedure, or the record is wrong.',
    evidence: [...procedures.map(procedureEvidence), ...conditions.map(conditionEvidence)],
    references: [GuidelineLinks.acrHsg],
    suggestions: [cancelOrder(ctx)],
    overrideReasons: ['record-outdated'],
  });
};
