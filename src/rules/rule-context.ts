import type { ValueSetIndex } from '../knowledge/value-set-index.js';
import type { OrderKind, RecognisedOrder } from '../orders/recognised-order.js';
import { parseFhirDate } from './dates.js';
import type { DataCategory, Finding, PatientRecord, ScreeningInput, SuggestionIntent } from './types.js';

/** What every rule sees for one order: the input plus the dates and facts derived from the order once. */
export interface RuleContext {
  readonly input: ScreeningInput;
  readonly record: PatientRecord;
  readonly order: RecognisedOrder;
  readonly valueSets: ValueSetIndex;
  readonly now: Date;
  /** The order's scheduled date, else now: readiness windows (72 h test, 30-day deferral) count back from it. */
  readonly procedureDate: Date;
  readonly scheduled: boolean;
  /**
   * The earlier of now and the procedure date: evidence of a current state (a positive test) counts back from
   * it, so scheduling the procedure later never makes today's positive test look stale.
   */
  readonly evidenceAnchor: Date;
  readonly oilContrast: boolean;
  /** Short name of the procedure for card text: "HSG", "selective salpingography" or "SIS". */
  readonly procedureName: string;
  /**
   * Answers several rules need (hCG results, conditions in a value set), computed once per hook call and
   * shared by its orders: a memoised answer must depend on the record, knowledge and clock, never the order.
   */
  readonly memo: Map<string, unknown>;
}

/** A rule: at most one finding of its kind for the order in the context. Pure. */
export type Rule = (ctx: RuleContext) => Finding | undefined;

const PROCEDURE_NAME: Record<OrderKind, string> = {
  hsg: 'HSG',
  'selective-salpingography': 'selective salpingography',
  sis: 'SIS',
};

export function buildRuleContext(
  input: ScreeningInput,
  order: RecognisedOrder,
  memo: Map<string, unknown> = new Map(),
): RuleContext {
  const scheduledDate = parseFhirDate(order.scheduledDate);
  const procedureDate = scheduledDate ?? input.now;
  return {
    input,
    record: input.record,
    order,
    valueSets: input.knowledge.valueSets,
    now: input.now,
    procedureDate,
    scheduled: scheduledDate !== undefined,
    evidenceAnchor: procedureDate.getTime() < input.now.getTime() ? procedureDate : input.now,
    oilContrast: order.contrast === 'oil-based',
    procedureName: PROCEDURE_NAME[order.kind],
    memo,
  };
}

/** The memoised answer to `key` for this hook call, computed on first use. */
export function remember<T>(ctx: RuleContext, key: string, compute: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const value = compute();
  ctx.memo.set(key, value);
  return value;
}

/** False when the category could not be obtained: absence of data is then not evidence of absence. */
export function isAvailable(ctx: RuleContext, category: DataCategory): boolean {
  return !ctx.record.unavailable.has(category);
}

/** What a rule says in a finding: the finding without its order (from the context); suggestions optional. */
export type FindingContent = Omit<Finding, 'order' | 'suggestions' | 'codings'> &
  Partial<Pick<Finding, 'suggestions'>>;

export function makeFinding(ctx: RuleContext, content: FindingContent): Finding {
  return { ...content, order: ctx.order, suggestions: content.suggestions ?? [] };
}

/** The cancel suggestion shared by the contraindication rules. */
export function cancelOrder(ctx: RuleContext): SuggestionIntent {
  return { kind: 'cancel-order', label: `Cancel the ${ctx.procedureName} order` };
}
