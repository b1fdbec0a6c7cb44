import type { Finding, ScreeningInput } from './types.js';

const SIGNING_ONLY = new Set(['pregnancy-test-needed', 'ctng-screening']);

/**
 * Which findings become cards for this hook call, applied where rules and billing findings are assembled
 * (screening/screen-recognised-orders.ts). Alert-fatigue decisions of the clinical review (section 5, items 12 and 13):
 * - `pregnancy-test-needed` and `ctng-screening` (tests to order before the procedure) appear once, at order-sign,
 *   not on every order-select;
 * - `billing-codes` is for coders and the signing step: not shown on order-select unless
 *   BILLING_CARD_ON_ORDER_SELECT is set;
 * - when `no-uterus` fires for an order, the study cannot be done as ordered: every other card about that order is
 *   suppressed except `screening-incomplete` (judgment);
 * - `patient-view` (a chart opening) shows warnings and critical findings only: no info cards.
 */
export function gateFindings(findings: readonly Finding[], input: ScreeningInput): Finding[] {
  const selecting = input.hook === 'order-select';
  const noUterus = new Set(findings.filter((f) => f.kind === 'no-uterus').map((f) => f.order.reference));
  const chartOpening = input.hook === 'patient-view';
  return findings.filter((finding) => {
    if (chartOpening && finding.severity === 'info') return false;
    if (selecting && SIGNING_ONLY.has(finding.kind)) return false;
    if (selecting && finding.kind === 'billing-codes' && !input.settings.billingCardOnOrderSelect)
      return false;
    if (!noUterus.has(finding.order.reference)) return true;
    return finding.kind === 'no-uterus' || finding.kind === 'screening-incomplete';
  });
}
