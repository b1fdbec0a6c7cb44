import type { Procedure } from 'fhir/r4.js';
import { recordedConditionsIn } from './condition-queries.js';
import { matchingCoding } from './concept-match.js';
import { calendarDaysBetween, isWithinDaysBefore } from './dates.js';
import { conditionEvidence, procedureEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { pregnancyEventDate } from './pregnancy-evidence.js';
import { isProcedurePerformed, procedureDate } from './record-status.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import { cancelOrder, makeFinding, type Rule, type RuleContext } from './rule-context.js';
import type { Evidence } from './types.js';

interface RecentEvent {
  readonly what: string;
  readonly date: Date;
  readonly evidence: Evidence;
  /** An office endometrial biopsy: not for SIS, and not the label's "curettage" with oil (review 3.10). */
  readonly biopsy?: boolean;
}

function recentProcedures(ctx: RuleContext, url: string, days: number, what: string): RecentEvent[] {
  return ctx.record.procedures.flatMap((p: Procedure) => {
    const date = procedureDate(p);
    if (!isProcedurePerformed(p) || !date || !matchingCoding(ctx.valueSets, url, p.code)) return [];
    if (!isWithinDaysBefore(date, ctx.procedureDate, days)) return [];
    const biopsy = matchingCoding(ctx.valueSets, RuleValueSets.endometrialBiopsy, p.code) !== undefined;
    if (biopsy && ctx.order.kind === 'sis') return [];
    return [{ what, date, evidence: procedureEvidence(p), biopsy }];
  });
}

function recentConditions(ctx: RuleContext, url: string, days: number, what: string): RecentEvent[] {
  return recordedConditionsIn(ctx, url).flatMap((c) => {
    const date = pregnancyEventDate(c);
    return date && isWithinDaysBefore(date, ctx.procedureDate, days)
      ? [{ what, date, evidence: conditionEvidence(c) }]
      : [];
  });
}

function summaryOf(ctx: RuleContext, latest: RecentEvent, critical: boolean): string {
  const days = Math.max(0, calendarDaysBetween(latest.date, ctx.procedureDate));
  const when = ctx.scheduled ? `${days} days before ${ctx.procedureName}` : `${days} days ago`;
  return critical
    ? `${latest.what} ${when}: oil-based contrast is contraindicated this soon; defer the procedure`
    : `${latest.what} ${when}: defer ${ctx.procedureName} about 4-6 weeks after uterine procedures or pregnancy`;
}

/**
 * `recent-uterine-procedure`: a uterine, cervical or tubal procedure or a pregnancy end within 30 days, or a
 * delivery within 42 days, before the procedure date. Critical with oil-based contrast (Lipiodol label: "within 30
 * days of curettage or conization", [S8]) unless the only event is an office endometrial biopsy; a biopsy does not
 * count for SIS (review 3.10, judgment). The 30 days for other procedures and the 42 days are judgment: the ACR
 * practice parameters' body text could not be read (rule-constants.ts).
 */
export const findRecentUterineProcedure: Rule = (ctx) => {
  const events = [
    ...recentProcedures(
      ctx,
      RuleValueSets.uterineProcedure,
      T.uterineProcedureWindowDays,
      'Uterine procedure',
    ),
    ...recentProcedures(ctx, RuleValueSets.deliveryProcedure, T.deliveryWindowDays, 'Delivery'),
    ...recentConditions(
      ctx,
      RuleValueSets.pregnancyEndCondition,
      T.uterineProcedureWindowDays,
      'Pregnancy end',
    ),
    ...recentConditions(ctx, RuleValueSets.deliveryCondition, T.deliveryWindowDays, 'Delivery'),
  ].sort((a, b) => b.date.getTime() - a.date.getTime());
  const latest = events[0];
  if (!latest) return undefined;
  const critical = ctx.oilContrast && events.some((e) => !e.biopsy);
  return makeFinding(ctx, {
    kind: 'recent-uterine-procedure',
    severity: critical ? 'critical' : 'warning',
    summary: summaryOf(ctx, latest, critical),
    explanation:
      `Defer HSG and SIS about 4-6 weeks after uterine or cervical surgery, curettage, a pregnancy loss or ` +
      `termination (${T.uterineProcedureWindowDays} days) or a delivery (${T.deliveryWindowDays} days): risk of ` +
      'infection, perforation, intravasation and misleading images. The Lipiodol label contraindicates HSG with ' +
      'ethiodized oil within 30 days of curettage or conization. A study planned by the surgeon may be intended.',
    evidence: events.map((e) => e.evidence),
    references: critical ? [GuidelineLinks.lipiodolLabel, GuidelineLinks.acrHsg] : [GuidelineLinks.acrHsg],
    suggestions: critical ? [cancelOrder(ctx)] : [],
    overrideReasons: ['planned-post-procedure-study', 'record-outdated', 'benefit-outweighs-risk'],
  });
};
