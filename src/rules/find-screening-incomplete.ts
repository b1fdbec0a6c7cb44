import type { OrderKind } from '../orders/recognised-order.js';
import { makeFinding, type Rule, type RuleContext } from './rule-context.js';
import type { DataCategory, Evidence } from './types.js';

interface CategoryChecks {
  /** Plain words for the data, as the subject of "could not be retrieved". */
  readonly data: string;
  readonly resourceType: string;
  /** The checks lost without it, per order kind (none: nothing for that kind depends on it). */
  readonly checks: (kind: OrderKind, oil: boolean) => string | undefined;
}

// The patient resource is absent on purpose: only info-level checks read it (age for the CT/NG screening prompt,
// Lipiodol in minors, the pituitary-hCG note), and it is not fetched when the EHR does not send it, so a warning on
// every such call would be noise (judgment, issue 17).
const CATEGORY_CHECKS: Partial<Record<DataCategory, CategoryChecks>> = {
  conditions: {
    data: 'Conditions',
    resourceType: 'Condition',
    checks: (kind) =>
      kind === 'sis'
        ? 'pregnancy, pelvic infection, bleeding, malignancy and absent uterus not screened'
        : 'pregnancy, pelvic infection, bleeding, malignancy, absent uterus and indication not screened',
  },
  allergies: {
    data: 'Allergies',
    resourceType: 'AllergyIntolerance',
    checks: (kind) => (kind === 'sis' ? undefined : 'contrast allergy not screened'),
  },
  observations: {
    data: 'Lab results',
    resourceType: 'Observation',
    checks: (_kind, oil) =>
      `pregnancy tests, chlamydia/gonorrhoea tests and cycle timing${oil ? ' and TSH' : ''} not screened`,
  },
  procedures: {
    data: 'Procedures',
    resourceType: 'Procedure',
    checks: () => 'recent uterine procedures and hysterectomy not screened',
  },
  medications: {
    data: 'Medications',
    resourceType: 'MedicationRequest',
    checks: () => 'existing doxycycline prophylaxis and chlamydia/gonorrhoea treatment not checked',
  },
  'medication-administrations': {
    data: 'Medication administrations',
    resourceType: 'MedicationAdministration',
    checks: () => 'chlamydia/gonorrhoea treatment given not checked',
  },
};

interface Gap {
  readonly sentence: string;
  readonly evidence: Evidence;
}

function gapsOf(ctx: RuleContext): Gap[] {
  const gaps: Gap[] = [];
  for (const [category, reason] of ctx.record.unavailable) {
    const entry = CATEGORY_CHECKS[category];
    const checks = entry?.checks(ctx.order.kind, ctx.oilContrast);
    if (!entry || !checks) continue;
    gaps.push({
      sentence: `${entry.data} could not be retrieved: ${checks}`,
      evidence: { resourceType: entry.resourceType, description: `not available (${reason})` },
    });
  }
  return gaps;
}

/** `screening-incomplete` (warning): names, in plain words, each check that could not be done for this order. */
export const findScreeningIncomplete: Rule = (ctx) => {
  const gaps = gapsOf(ctx);
  const first = gaps[0];
  if (!first) return undefined;
  const summary =
    gaps.length === 1
      ? first.sentence
      : `${gaps.length} kinds of patient data could not be retrieved: several contraindications not screened`;
  return makeFinding(ctx, {
    kind: 'screening-incomplete',
    severity: 'warning',
    summary,
    explanation: `Check these by hand before the ${ctx.procedureName}:\n\n${gaps.map((g) => `- ${g.sentence}`).join('\n')}`,
    evidence: gaps.map((g) => g.evidence),
    references: [],
    overrideReasons: ['checked-manually'],
  });
};
