import { activeConditionsIn } from './condition-queries.js';
import { contrastAllergies, isSevereAllergy } from './contrast-allergies.js';
import { allergyEvidence, conditionEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { ageOnProcedureDate } from './patient-facts.js';
import { isAllergyCurrent } from './record-status.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleValueSets } from './rule-knowledge.js';
import { ifOilPlanned } from './oil-planned.js';
import { makeFinding, type Rule, type RuleContext } from './rule-context.js';
import { SEVERITY_RANK, type Evidence, type Finding, type Severity } from './types.js';

interface LabelItem {
  readonly severity: Severity;
  /** The start of the summary, e.g. "Cervical erosion on record". */
  readonly what: string;
  /** One sentence for the explanation, with the label's words. */
  readonly why: string;
  readonly evidence: readonly Evidence[];
}

function conditionItem(
  ctx: RuleContext,
  url: string,
  item: Omit<LabelItem, 'evidence'>,
): LabelItem | undefined {
  const conditions = activeConditionsIn(ctx, url);
  return conditions.length > 0 ? { ...item, evidence: conditions.map(conditionEvidence) } : undefined;
}

/** Severe reactions to anything but contrast (contrast itself is the contrast-allergy card): "allergic disorders". */
function severeOtherAllergies(ctx: RuleContext): Evidence[] {
  const contrast = new Set(contrastAllergies(ctx).allergies);
  return ctx.record.allergies
    .filter((a) => isAllergyCurrent(a) && !contrast.has(a) && isSevereAllergy(ctx, a))
    .map(allergyEvidence);
}

function allergicItem(ctx: RuleContext): LabelItem | undefined {
  const conditions = activeConditionsIn(ctx, RuleValueSets.asthmaAllergicDisorder).map(conditionEvidence);
  const evidence = [...conditions, ...severeOtherAllergies(ctx)];
  if (evidence.length === 0) return undefined;
  return {
    severity: 'warning',
    what: 'Asthma or an allergic disorder on record',
    why: 'The label says to avoid ethiodized oil in patients with bronchial asthma or allergic disorders (Warnings 5.2).',
    evidence,
  };
}

function ageItem(ctx: RuleContext): LabelItem | undefined {
  const age = ageOnProcedureDate(ctx);
  if (age === undefined || age >= T.oilAdultAgeYears) return undefined;
  return {
    severity: 'info',
    what: `Patient aged ${age}`,
    why: 'Lipiodol is indicated for hysterosalpingography in adults: use in a minor is off-label.',
    evidence: [{ resourceType: 'Patient', description: `Age ${age} on the procedure date` }],
  };
}

function labelItems(ctx: RuleContext): LabelItem[] {
  const items = [
    conditionItem(ctx, RuleValueSets.cervicalErosion, {
      severity: 'critical',
      what: 'Cervical erosion on record',
      why: 'The label contraindicates Lipiodol hysterosalpingography in marked cervical erosion; judge whether it is marked.',
    }),
    allergicItem(ctx),
    conditionItem(ctx, RuleValueSets.cardiopulmonaryDisease, {
      severity: 'warning',
      what: 'Severe lung or heart disease on record',
      why:
        'The label says to avoid ethiodized oil in severely impaired lung function, cardiorespiratory failure or ' +
        'right-sided cardiac overload (pulmonary oil embolism, Warnings 5.1).',
    }),
    ageItem(ctx),
    conditionItem(ctx, RuleValueSets.lactation, {
      severity: 'info',
      what: 'Breast-feeding on record',
      why:
        'Oil-based contrast gives an iodine excess lasting months; iodine concentrates in breast milk and excess ' +
        'maternal iodine has caused transient hypothyroidism in breast-fed infants (LactMed). Discuss water-soluble ' +
        'contrast, or monitor the infant (project judgment from these sources).',
    }),
  ];
  return items
    .filter((item): item is LabelItem => item !== undefined)
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

/**
 * `oil-contrast-label`, only when oil-based contrast (ethiodized oil) is ordered: the Lipiodol US label's other
 * contraindications and warnings ([S8]) in one card at the severity of the gravest: marked cervical erosion
 * (critical); asthma or allergic disorders, severe lung or heart disease (warning); age under 18 (info, off-label);
 * breast-feeding (info, judgment from [S9], [S25], [S26]). Thyroid, bleeding, infection, recent curettage and cycle
 * phase have their own cards. When the order names no contrast, a warning or critical item is an info card "if
 * oil-based contrast is planned" (oil-planned.ts).
 */
export const findOilContrastLabel: Rule = (ctx) =>
  ctx.oilContrast ? oilLabelFinding(ctx) : ifOilPlanned(ctx, oilLabelFinding);

function oilLabelFinding(ctx: RuleContext): Finding | undefined {
  const items = labelItems(ctx);
  const first = items[0];
  if (!first) return undefined;
  const more = items.length > 1 ? ` (and ${items.length - 1} more)` : '';
  const advice = {
    critical: 'oil-based contrast is contraindicated; use water-soluble contrast',
    warning: 'the label says avoid oil-based contrast; use water-soluble contrast',
    info: 'consider water-soluble contrast',
  }[first.severity];
  return makeFinding(ctx, {
    kind: 'oil-contrast-label',
    severity: first.severity,
    summary: `${first.what}${more}: ${advice}`,
    action: {
      critical:
        'Use water-soluble contrast: the Lipiodol label contraindicates oil-based contrast here (judge whether the erosion is marked).',
      warning: 'Use water-soluble contrast: the Lipiodol label says to avoid oil-based contrast here.',
      info: "Consider water-soluble contrast; the precautions found are listed above, in the label's words on the page.",
    }[first.severity],
    explanation: `The Lipiodol (ethiodized oil) prescribing information applies:\n\n${items.map((i) => `- ${i.why}`).join('\n')}`,
    evidence: items.flatMap((i) => i.evidence),
    references: [GuidelineLinks.lipiodolLabel],
    overrideReasons: ['water-soluble-contrast', 'benefit-outweighs-risk', 'record-outdated'],
  });
}
