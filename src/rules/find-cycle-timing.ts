import type { Observation } from 'fhir/r4.js';
import { calendarDay, calendarDaysBetween, isoDay, parseFhirDate } from './dates.js';
import { observationEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { matchingCoding } from './concept-match.js';
import { isAlertableResult } from './observation-result.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import { isAvailable, makeFinding, type Rule, type RuleContext } from './rule-context.js';

interface LastPeriod {
  readonly observation: Observation;
  readonly start: Date;
}

/** The most recent last-menstrual-period start recorded on or before the procedure date. */
function lastPeriod(ctx: RuleContext): LastPeriod | undefined {
  const procedureDay = calendarDay(ctx.procedureDate);
  let latest: LastPeriod | undefined;
  for (const observation of ctx.record.observations) {
    if (!isAlertableResult(observation)) continue;
    if (!matchingCoding(ctx.valueSets, RuleValueSets.lmpObservation, observation.code)) continue;
    const start = parseFhirDate(observation.valueDateTime ?? observation.valuePeriod?.start);
    if (!start || calendarDay(start) > procedureDay) continue;
    if (!latest || latest.start.getTime() < start.getTime()) latest = { observation, start };
  }
  return latest;
}

function summaryOf(ctx: RuleContext, cycleDay: number, lmp: Date): string {
  const { first, last } = ctx.input.settings.cycleDayWindow;
  const when = ctx.scheduled ? `${ctx.procedureName} on` : 'Today is';
  if (cycleDay - 1 > T.lmpReliableDays) {
    return `Last period ${cycleDay - 1} days before ${ctx.procedureName}: cycle day unknown; confirm timing and a negative pregnancy test`;
  }
  return (
    `${when} cycle day ${cycleDay} (LMP ${isoDay(lmp)}): outside days ${first}-${last}; ` +
    `schedule ${ctx.procedureName} after menses, before ovulation`
  );
}

/**
 * `cycle-timing`: the last menstrual period puts the procedure outside the configured follicular-phase cycle
 * days. A warning for a scheduled order; info when the order has no date yet (counted from today).
 */
export const findCycleTiming: Rule = (ctx) => {
  if (!isAvailable(ctx, 'observations')) return undefined;
  const lmp = lastPeriod(ctx);
  if (!lmp) return undefined;
  const cycleDay = calendarDaysBetween(lmp.start, ctx.procedureDate) + 1;
  const { first, last } = ctx.input.settings.cycleDayWindow;
  if (cycleDay >= first && cycleDay <= last) return undefined;
  return makeFinding(ctx, {
    kind: 'cycle-timing',
    severity: ctx.scheduled ? 'warning' : 'info',
    summary: summaryOf(ctx, cycleDay, lmp.start),
    explanation:
      `Schedule HSG and SIS in the follicular phase, about cycle days ${first}-${last}: after bleeding has stopped ` +
      '(less intravasation, no clots mimicking filling defects) and before ovulation (no unrecognised early ' +
      'pregnancy). Cycle day 1 is the first day of the last menstrual period.',
    evidence: [observationEvidence(lmp.observation)],
    references: ctx.oilContrast
      ? [GuidelineLinks.acrHsg, GuidelineLinks.lipiodolLabel]
      : [GuidelineLinks.acrHsg],
    overrideReasons: ['timing-confirmed', 'pregnancy-excluded'],
  });
};
