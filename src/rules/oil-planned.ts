import type { Rule, RuleContext } from './rule-context.js';
import type { Finding } from './types.js';

/**
 * Contrast is usually chosen at protocoling, so the order often does not say (review 3.11, "contrast often
 * unknown"). For an HSG-family order without a named contrast, runs an oil-only rule as if oil were ordered and,
 * when a recorded risk (a finding with evidence) would make it a warning or critical, returns it as info prefixed
 * "If oil-based contrast is planned". Checks that only ask for data (no TSH on record) are left out (judgment).
 */
export function ifOilPlanned(ctx: RuleContext, oilRule: Rule): Finding | undefined {
  if (ctx.oilContrast || ctx.order.contrast !== 'unspecified' || ctx.order.kind === 'sis') return undefined;
  const finding = oilRule({ ...ctx, oilContrast: true });
  if (!finding || finding.severity === 'info' || finding.evidence.length === 0) return undefined;
  const risk = finding.summary.split(':')[0] ?? finding.summary;
  return {
    ...finding,
    severity: 'info',
    summary: `If oil-based contrast is planned: ${risk}; use water-soluble contrast (the order names none)`,
    action:
      'The order names no contrast agent: choose water-soluble contrast, or clear this risk first if oil-based contrast is planned.',
    explanation: `The order does not name the contrast agent. If ethiodized oil (Lipiodol) is planned:\n\n${finding.explanation}`,
    suggestions: [],
  };
}
