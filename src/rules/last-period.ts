import type { Observation } from 'fhir/r4.js';
import { matchingCoding } from './concept-match.js';
import { calendarDay, calendarDaysBetween, parseFhirDate } from './dates.js';
import { isAlertableResult, observationDate } from './observation-result.js';
import { RuleValueSets } from './rule-knowledge.js';
import { remember, type RuleContext } from './rule-context.js';

export interface LastPeriod {
  readonly observation: Observation;
  readonly start: Date;
}

export interface LastPeriodRecord {
  /** The most recent last-menstrual-period start recorded on or before the procedure date. */
  readonly dated: LastPeriod | undefined;
  /** A later LMP Observation that gives no date (value "unknown", a dataAbsentReason): the LMP is unknown. */
  readonly unknown: Observation | undefined;
}

function lmpObservations(ctx: RuleContext): Observation[] {
  return ctx.record.observations.filter(
    (o) => isAlertableResult(o) && matchingCoding(ctx.valueSets, RuleValueSets.lmpObservation, o.code),
  );
}

/** What the record says about the last menstrual period (LMP Observations, lmp-observation). */
export function lastPeriodRecord(ctx: RuleContext): LastPeriodRecord {
  return remember(ctx, `last-period ${ctx.procedureDate.toISOString()}`, () => {
    const procedureDay = calendarDay(ctx.procedureDate);
    let dated: LastPeriod | undefined;
    let unknown: Observation | undefined;
    for (const observation of lmpObservations(ctx)) {
      const start = parseFhirDate(observation.valueDateTime ?? observation.valuePeriod?.start);
      if (!start) {
        const when = observationDate(observation);
        const previous = unknown ? observationDate(unknown) : undefined;
        if (when && (!previous || previous.getTime() < when.getTime())) unknown = observation;
        continue;
      }
      if (calendarDay(start) > procedureDay) continue;
      if (!dated || dated.start.getTime() < start.getTime()) dated = { observation, start };
    }
    // An "unknown" entry counts only when recorded after the dated LMP itself began.
    const unknownDate = unknown ? observationDate(unknown) : undefined;
    const stillUnknown =
      unknownDate !== undefined && (!dated || unknownDate.getTime() > dated.start.getTime());
    return { dated, unknown: stillUnknown ? unknown : undefined };
  });
}

/** Cycle day of the procedure counted from the LMP (day 1 is the first day of the period). */
export function cycleDayOf(ctx: RuleContext, lmp: LastPeriod): number {
  return calendarDaysBetween(lmp.start, ctx.procedureDate) + 1;
}
