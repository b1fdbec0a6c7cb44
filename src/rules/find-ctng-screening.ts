import { isAlreadyDrafted } from './draft-orders.js';
import { subtractMonths } from './dates.js';
import { GuidelineLinks } from './guideline-links.js';
import { latestResultsIn } from './observation-result.js';
import { ageOnProcedureDate } from './patient-facts.js';
import { pelvicConditions } from './pelvic-conditions.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleActivityDefinitions, RuleValueSets } from './rule-knowledge.js';
import { isAvailable, makeFinding, type Rule } from './rule-context.js';

/**
 * `ctng-screening` (info, order-sign only): a patient under 25 with no chlamydia/gonorrhoea NAAT result in the 12
 * months before the procedure. "Patients at risk for pelvic infections should be screened and treated prior to the
 * procedure" (Pereira 2016 on ACOG PB 195, [S5b]); under 25 is the CDC's group for annual screening of sexually
 * active women (review section 4, judgment for the age and window). Silent when the age is unknown, when an
 * infection already has its card, when a NAAT is drafted, or when the observations could not be obtained.
 */
export const findCtngScreening: Rule = (ctx) => {
  const age = ageOnProcedureDate(ctx);
  if (age === undefined || age >= T.ctngScreeningAgeBelow) return undefined;
  if (!isAvailable(ctx, 'observations') || isAlreadyDrafted(ctx, RuleValueSets.ctngNaat)) return undefined;
  if (pelvicConditions(ctx, 'active-infection').length > 0) return undefined;
  const since = subtractMonths(ctx.procedureDate, T.ctngScreeningWindowMonths);
  const tested = latestResultsIn(ctx, RuleValueSets.ctngNaat).some(
    (r) => r.date.getTime() >= since.getTime(),
  );
  if (tested) return undefined;
  return makeFinding(ctx, {
    kind: 'ctng-screening',
    severity: 'info',
    summary: `Age ${age} and no chlamydia/gonorrhoea test in the last 12 months: screen before ${ctx.procedureName}`,
    explanation:
      'Transcervical procedures can carry a lower-tract chlamydia or gonorrhoea infection into the tubes. Patients ' +
      'at risk should be screened and treated before HSG or SIS (ACOG PB 195 as reviewed by Pereira 2016); women ' +
      'under 25 are the group the CDC screens every year.',
    evidence: [{ resourceType: 'Patient', description: `Age ${age} on the procedure date` }],
    references: [GuidelineLinks.acogPb195Table, GuidelineLinks.cdcPid],
    suggestions: [
      {
        kind: 'create-order',
        label: 'Order a chlamydia/gonorrhoea NAAT',
        activityDefinition: RuleActivityDefinitions.ctngNaat,
      },
    ],
    overrideReasons: ['already-ordered', 'not-applicable', 'checked-manually'],
  });
};
