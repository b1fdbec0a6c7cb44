import { currentMedicationRequests, isAlreadyDrafted } from './draft-orders.js';
import { currentAllergiesTo } from './condition-queries.js';
import { allergyEvidence, conditionEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import { pelvicConditions } from './pelvic-conditions.js';
import { RuleActivityDefinitions, RuleValueSets } from './rule-knowledge.js';
import { makeFinding, type Rule } from './rule-context.js';

/**
 * `antibiotic-prophylaxis` (warning): a history of PID, salpingitis or tubo-ovarian abscess, hydrosalpinx or dilated
 * tubes (ACOG PB 195 as tabulated by Pereira 2016, [S5b]; PID after HSG 11% with dilated tubes vs 0/398 without,
 * [S6]). Not for a resolved lower-tract infection, tubal-factor infertility alone or haematosalpinx. Silent when
 * doxycycline is already drafted in this call or current in the record. With a doxycycline or tetracycline allergy
 * the card asks for an alternative and offers no doxycycline order (review 3.5, judgment).
 */
export const findAntibioticProphylaxis: Rule = (ctx) => {
  const conditions = pelvicConditions(ctx, 'history');
  if (conditions.length === 0) return undefined;
  if (
    isAlreadyDrafted(ctx, RuleValueSets.doxycycline) ||
    currentMedicationRequests(ctx, RuleValueSets.doxycycline).length > 0
  ) {
    return undefined;
  }
  const allergies = currentAllergiesTo(ctx, RuleValueSets.tetracyclineAllergen);
  const allergic = allergies.length > 0;
  return makeFinding(ctx, {
    kind: 'antibiotic-prophylaxis',
    severity: 'warning',
    summary: allergic
      ? `History of PID or hydrosalpinx and a doxycycline or tetracycline allergy: agree alternative prophylaxis before ${ctx.procedureName}`
      : `History of PID or hydrosalpinx: consider doxycycline 100 mg twice daily for 5 days around ${ctx.procedureName}`,
    ...(allergic
      ? {
          action:
            'Agree an alternative prophylaxis with the radiologist or gynaecologist: doxycycline is not offered because of the allergy.',
        }
      : {}),
    explanation:
      'After HSG, pelvic infection is much more frequent with dilated tubes or a history of PID. ACOG (PB 195): no ' +
      'prophylaxis without a history of PID; with a history of pelvic infection give doxycycline before the ' +
      'procedure and continue it (100 mg twice daily for 5 days) if dilated tubes are seen; for SIS, prophylaxis ' +
      'with known hydrosalpinges.',
    evidence: [...conditions.map(conditionEvidence), ...allergies.map(allergyEvidence)],
    references: [GuidelineLinks.acogPb195, GuidelineLinks.acogPb195Table],
    suggestions: allergic
      ? []
      : [
          {
            kind: 'create-order',
            label: 'Order doxycycline 100 mg twice daily for 5 days',
            activityDefinition: RuleActivityDefinitions.doxycyclineProphylaxis,
          },
        ],
    overrideReasons: ['prophylaxis-not-needed', 'already-ordered'],
  });
};
