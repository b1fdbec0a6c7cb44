import { currentMedicationRequests, isAlreadyDrafted } from './draft-orders.js';
import { conditionEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { pelvicConditions } from './pelvic-conditions.js';
import { RuleActivityDefinitions, RuleValueSets } from './rule-knowledge.js';
import { makeFinding, type Rule } from './rule-context.js';

/**
 * `antibiotic-prophylaxis` (warning): a history of PID, hydrosalpinx or tubal disease. Silent when doxycycline is
 * already drafted in this call or current in the record.
 */
export const findAntibioticProphylaxis: Rule = (ctx) => {
  const conditions = pelvicConditions(ctx, 'history');
  if (conditions.length === 0) return undefined;
  if (
    isAlreadyDrafted(ctx, RuleValueSets.doxycycline) ||
    currentMedicationRequests(ctx, RuleValueSets.doxycycline).length > 0
  ) {
    return undefined;
  }
  return makeFinding(ctx, {
    kind: 'antibiotic-prophylaxis',
    severity: 'warning',
    summary: `History of PID or tubal disease: consider doxycycline 100 mg twice daily for 5 days around ${ctx.procedureName}`,
    explanation:
      'After HSG, pelvic infection is much more frequent with dilated tubes or a history of PID. ACOG recommends ' +
      'doxycycline 100 mg by mouth twice daily for 5 days in these patients, started before the procedure; no ' +
      'routine prophylaxis is needed otherwise.',
    evidence: conditions.map(conditionEvidence),
    references: [GuidelineLinks.acogPb195],
    suggestions: [
      {
        kind: 'create-order',
        label: 'Order doxycycline 100 mg twice daily for 5 days',
        activityDefinition: RuleActivityDefinitions.doxycyclineProphylaxis,
      },
    ],
    overrideReasons: ['prophylaxis-not-needed', 'already-ordered'],
  });
};
