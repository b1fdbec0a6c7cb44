import { activeConditionsIn } from './condition-queries.js';
import { parseFhirDate } from './dates.js';
import { RuleValueSets } from './rule-knowledge.js';
import type { RuleContext } from './rule-context.js';

/** Whole years of age on the procedure date, or undefined when the Patient or its birth date is missing. */
export function ageOnProcedureDate(ctx: RuleContext): number | undefined {
  const birth = parseFhirDate(ctx.record.patient?.birthDate);
  if (!birth) return undefined;
  const on = ctx.procedureDate;
  let age = on.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    on.getUTCMonth() < birth.getUTCMonth() ||
    (on.getUTCMonth() === birth.getUTCMonth() && on.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/** An active menopausal or postmenopausal state on the problem list (postmenopausal-state). */
export function isPostmenopausal(ctx: RuleContext): boolean {
  return activeConditionsIn(ctx, RuleValueSets.postmenopausalState).length > 0;
}

/**
 * A sentence for the pregnancy-test and cycle-timing cards when amenorrhoea, anovulation or PCOS is on the problem
 * list (anovulation): the last period does not date the cycle. Empty otherwise.
 */
export function anovulationNote(ctx: RuleContext): string {
  if (activeConditionsIn(ctx, RuleValueSets.anovulation).length === 0) return '';
  return (
    '\n\nAmenorrhoea, anovulation or PCOS is on record: the last period does not date the cycle. Schedule after a ' +
    'progestin-induced bleed (as in the H2Oil2 trial) or, for SIS without periods, at any time, with a negative ' +
    'pregnancy test on the day.'
  );
}
