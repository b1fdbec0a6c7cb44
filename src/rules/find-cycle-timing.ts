import { isoDay } from './dates.js';
import { observationEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { cycleDayOf, lastPeriodRecord } from './last-period.js';
import { anovulationNote, isPostmenopausal } from './patient-facts.js';
import { DEFAULT_SIS_CYCLE_DAY_WINDOW, RULE_THRESHOLDS as T } from './rule-constants.js';
import { isAvailable, makeFinding, type Rule, type RuleContext } from './rule-context.js';
import type { Severity } from './types.js';

type Phase = 'menses' | 'luteal' | 'unknown';

interface CycleWindow {
  readonly first: number;
  readonly last: number;
}

/** HSG and selective salpingography: CYCLE_DAY_WINDOW; SIS: SIS_CYCLE_DAY_WINDOW. */
function windowOf(ctx: RuleContext): CycleWindow {
  const { settings } = ctx.input;
  return ctx.order.kind === 'sis'
    ? (settings.sisCycleDayWindow ?? DEFAULT_SIS_CYCLE_DAY_WINDOW)
    : settings.cycleDayWindow;
}

/**
 * Before the window: menses or just after. After it up to day 24: the luteal phase of this cycle. Beyond day 24
 * the next period may have begun (a normal cycle lasts 24-38 days, FIGO), so the cycle day is not computed.
 */
function phaseOf(cycleDay: number, window: CycleWindow): Phase | undefined {
  if (cycleDay < window.first) return 'menses';
  if (cycleDay <= window.last) return undefined;
  return cycleDay <= T.shortestNormalCycleDays ? 'luteal' : 'unknown';
}

/**
 * Water-soluble contrast: timing is a precaution (warning when scheduled, info otherwise; info when the cycle day is
 * unknown). Oil-based contrast: the Lipiodol label contraindicates the immediate pre- or postmenstrual phase ([S8]),
 * so menses or just after and cycle day 22 on are critical, and an unknown cycle day is a warning.
 */
function severityOf(ctx: RuleContext, phase: Phase, cycleDay: number): Severity {
  if (ctx.oilContrast) {
    if (phase === 'menses' || (phase === 'luteal' && cycleDay >= T.oilPreMenstrualFromCycleDay))
      return 'critical';
    return 'warning';
  }
  if (phase === 'unknown') return 'info';
  return ctx.scheduled ? 'warning' : 'info';
}

function summaryOf(
  ctx: RuleContext,
  phase: Phase,
  cycleDay: number,
  lmp: Date,
  window: CycleWindow,
  severity: Severity,
): string {
  if (phase === 'unknown') {
    return (
      `Last period ${isoDay(lmp)} is ${cycleDay - 1} days before ${ctx.procedureName}: a new cycle may have begun; ` +
      'confirm the LMP when scheduling'
    );
  }
  const when = ctx.scheduled ? `${ctx.procedureName} on` : 'Today is';
  // Only the critical days are the label's immediate pre- or postmenstrual phase (days 13-21 with oil are a warning).
  const oil = severity === 'critical' ? '; oil-based contrast is contraindicated then' : '';
  return `${when} cycle day ${cycleDay} (LMP ${isoDay(lmp)}): outside days ${window.first}-${window.last}${oil || `; schedule after menses, before ovulation`}`;
}

function actionOf(ctx: RuleContext, phase: Phase, severity: Severity): string | undefined {
  if (phase === 'unknown')
    return ctx.oilContrast
      ? 'Confirm the date of the last period: oil-based contrast is contraindicated in the immediate pre- or postmenstrual phase; schedule within the window of the current cycle.'
      : 'Confirm the date of the last period when scheduling; if a new cycle has begun, schedule within its window.';
  if (severity === 'critical')
    return 'Reschedule into the recommended cycle days, or use water-soluble contrast: oil-based contrast is contraindicated in the immediate pre- or postmenstrual phase.';
  return undefined;
}

/**
 * `cycle-timing`: the last menstrual period puts the procedure outside the follicular-phase window of its kind
 * (HSG 6-12 [S19], SIS 4-10 [S24] by default). Not for SIS in a postmenopausal patient ("any time", [S24]).
 */
export const findCycleTiming: Rule = (ctx) => {
  if (!isAvailable(ctx, 'observations')) return undefined;
  if (ctx.order.kind === 'sis' && isPostmenopausal(ctx)) return undefined;
  const lmp = lastPeriodRecord(ctx).dated;
  if (!lmp) return undefined;
  const window = windowOf(ctx);
  const cycleDay = cycleDayOf(ctx, lmp);
  const phase = phaseOf(cycleDay, window);
  if (!phase) return undefined;
  const severity = severityOf(ctx, phase, cycleDay);
  const action = actionOf(ctx, phase, severity);
  return makeFinding(ctx, {
    kind: 'cycle-timing',
    severity,
    summary: summaryOf(ctx, phase, cycleDay, lmp.start, window, severity),
    ...(action ? { action } : {}),
    explanation:
      `Schedule ${ctx.procedureName} in the follicular phase, about cycle days ${window.first}-${window.last}: after ` +
      'bleeding has stopped (less intravasation, no clots mimicking filling defects) and before ovulation (no ' +
      'unrecognised early pregnancy). Cycle day 1 is the first day of the last menstrual period. With oil-based ' +
      'contrast the Lipiodol label contraindicates the immediate pre- or postmenstrual phase.' +
      anovulationNote(ctx),
    evidence: [observationEvidence(lmp.observation)],
    references: ctx.oilContrast
      ? [GuidelineLinks.lipiodolLabel, GuidelineLinks.acrHsg]
      : [GuidelineLinks.acrHsg],
    overrideReasons: ['timing-confirmed', 'pregnancy-excluded'],
  });
};
