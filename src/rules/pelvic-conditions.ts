import type { Condition } from 'fhir/r4.js';
import { conditionState } from './record-status.js';
import { RuleValueSets } from './rule-knowledge.js';
import { remember, type RuleContext } from './rule-context.js';

export type PelvicConditionClass = 'active-infection' | 'history';

/**
 * Sorts a Condition into an active pelvic infection (contraindication) or a history of PID, hydrosalpinx or
 * dilated tubes (prophylaxis). History codes and "history of" texts take precedence, so "History of PID" recorded
 * as active on a problem list is never read as an active infection. A resolved infection is history only when it
 * was PID (upper-genital-tract-infection): a resolved cervicitis or lower-tract chlamydia or gonorrhoea is neither
 * (ACOG PB 195 as tabulated by Pereira 2016, [S5b]; review 3.5).
 */
export function classifyPelvicCondition(
  ctx: RuleContext,
  condition: Condition,
): PelvicConditionClass | undefined {
  const state = conditionState(condition);
  if (state === 'excluded') return undefined;
  if (ctx.valueSets.matchesConcept(RuleValueSets.pelvicInfectionHistory, condition.code)) return 'history';
  if (!ctx.valueSets.matchesConcept(RuleValueSets.pelvicInfectionActive, condition.code)) return undefined;
  if (state === 'active') return 'active-infection';
  return ctx.valueSets.matchesConcept(RuleValueSets.upperGenitalTractInfection, condition.code)
    ? 'history'
    : undefined;
}

export function pelvicConditions(ctx: RuleContext, wanted: PelvicConditionClass): Condition[] {
  const classes = remember(ctx, 'pelvic-classes', () =>
    ctx.record.conditions.map((c) => classifyPelvicCondition(ctx, c)),
  );
  return ctx.record.conditions.filter((_c, i) => classes[i] === wanted);
}
