import { findAntibioticProphylaxis } from './find-antibiotic-prophylaxis.js';
import { findContrastAllergy } from './find-contrast-allergy.js';
import { findCtngScreening } from './find-ctng-screening.js';
import { findCycleTiming } from './find-cycle-timing.js';
import { findEquivocalPregnancyTest } from './find-equivocal-pregnancy-test.js';
import { findGynecologicMalignancy } from './find-gynecologic-malignancy.js';
import { findIndicationMissing } from './find-indication-missing.js';
import { findIntrauterineDevice } from './find-intrauterine-device.js';
import { findIodineAllergyOnly } from './find-iodine-allergy-only.js';
import { findLatexAllergy } from './find-latex-allergy.js';
import { findNoUterus } from './find-no-uterus.js';
import { findOilContrastLabel } from './find-oil-contrast-label.js';
import { findOilContrastThyroid } from './find-oil-contrast-thyroid.js';
import { findPelvicInfection } from './find-pelvic-infection.js';
import { findPregnancy } from './find-pregnancy.js';
import { findPregnancyTestNeeded } from './find-pregnancy-test-needed.js';
import { findRecentUterineProcedure } from './find-recent-uterine-procedure.js';
import { findScreeningIncomplete } from './find-screening-incomplete.js';
import { findUterineBleeding } from './find-uterine-bleeding.js';
import { buildRuleContext, type Rule } from './rule-context.js';
import type { Finding, ScreeningInput } from './types.js';

interface RuleEntry {
  readonly rule: Rule;
  /** False for the rules about iodinated contrast and the HSG indication list: SIS orders skip them. */
  readonly appliesToSis: boolean;
}

/** Every clinical rule, one finding kind each. Billing findings come from src/billing/, not from here. */
const RULES: readonly RuleEntry[] = [
  { rule: findPregnancy, appliesToSis: true },
  { rule: findEquivocalPregnancyTest, appliesToSis: true },
  { rule: findPregnancyTestNeeded, appliesToSis: true },
  { rule: findPelvicInfection, appliesToSis: true },
  { rule: findAntibioticProphylaxis, appliesToSis: true },
  { rule: findCtngScreening, appliesToSis: true },
  { rule: findContrastAllergy, appliesToSis: false },
  // For SIS it is the povidone-iodine preparation card.
  { rule: findIodineAllergyOnly, appliesToSis: true },
  { rule: findLatexAllergy, appliesToSis: true },
  { rule: findCycleTiming, appliesToSis: true },
  { rule: findUterineBleeding, appliesToSis: true },
  { rule: findRecentUterineProcedure, appliesToSis: true },
  { rule: findOilContrastThyroid, appliesToSis: false },
  { rule: findOilContrastLabel, appliesToSis: false },
  { rule: findGynecologicMalignancy, appliesToSis: true },
  { rule: findNoUterus, appliesToSis: true },
  { rule: findIntrauterineDevice, appliesToSis: true },
  { rule: findIndicationMissing, appliesToSis: false },
  { rule: findScreeningIncomplete, appliesToSis: true },
];

const SIS_RULES = RULES.filter((entry) => entry.appliesToSis);

/**
 * Runs every clinical rule for each screened order: at most one finding per kind per order, each naming its
 * order. Pure: the clock is `input.now`.
 */
export function evaluateRules(input: ScreeningInput): Finding[] {
  const memo = new Map<string, unknown>();
  return input.orders.flatMap((order) => {
    const ctx = buildRuleContext(input, order, memo);
    return (order.kind === 'sis' ? SIS_RULES : RULES).flatMap((entry) => {
      const finding = entry.rule(ctx);
      return finding ? [finding] : [];
    });
  });
}
