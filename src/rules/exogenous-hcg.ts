import { calendarDaysBetween, isoDay, parseFhirDate } from './dates.js';
import { medicationConcept } from './draft-orders.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import type { RuleContext } from './rule-context.js';

/**
 * A sentence for the card when an hCG injection (ovulation trigger, hcg-medication) was prescribed in the 14 days
 * before the result: the test may be falsely positive ([S17]). Empty otherwise. The severity is not changed
 * (judgment: the injection is a reason to repeat the test, not to proceed).
 */
export function exogenousHcgNote(ctx: RuleContext, resultDate: Date | undefined): string {
  if (!resultDate) return '';
  const injection = ctx.record.medicationRequests.find((request) => {
    const authored = parseFhirDate(request.authoredOn);
    if (!authored || request.status === 'entered-in-error' || request.status === 'cancelled') return false;
    const days = calendarDaysBetween(authored, resultDate);
    return (
      days >= 0 &&
      days <= T.exogenousHcgDays &&
      ctx.valueSets.matchesConcept(RuleValueSets.hcgMedication, medicationConcept(request))
    );
  });
  const authored = parseFhirDate(injection?.authoredOn);
  if (!authored) return '';
  return (
    `\n\nAn hCG injection (ovulation trigger) was prescribed on ${isoDay(authored)}: it can make a pregnancy test ` +
    'positive for up to about two weeks. Repeat a quantitative serum hCG; a falling value supports the injection.'
  );
}
