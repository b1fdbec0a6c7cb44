import { isAlreadyDrafted } from './draft-orders.js';
import { describeAgo, isWithinHoursBefore } from './dates.js';
import { observationEvidence } from './evidence.js';
import { GuidelineLinks } from './guideline-links.js';
import {
  currentEquivocalHcg,
  currentPositiveHcg,
  hcgResults,
  isQualifyingNegative,
  type HcgResult,
} from './hcg-results.js';
import { cycleDayOf, lastPeriodRecord } from './last-period.js';
import { anovulationNote, isPostmenopausal } from './patient-facts.js';
import { currentPregnantStatuses, unresolvedEarlierPregnancy } from './pregnancy-evidence.js';
import { RULE_THRESHOLDS as T } from './rule-constants.js';
import { RuleActivityDefinitions, RuleValueSets } from './rule-knowledge.js';
import { isAvailable, makeFinding, type Rule, type RuleContext } from './rule-context.js';
import type { Evidence, SuggestionIntent } from './types.js';

/** Why pregnancy is more than a routine question for this order: the card is then a warning. */
interface Escalation {
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  /** An earlier serum result: only a serum test clears it. */
  readonly serumOnly?: boolean;
}

const serumSuggestion: SuggestionIntent = {
  kind: 'create-order',
  label: 'Order serum hCG for the day of the procedure',
  activityDefinition: RuleActivityDefinitions.serumHcg,
};

function escalationOf(ctx: RuleContext, cleared: boolean): Escalation | undefined {
  const earlier = unresolvedEarlierPregnancy(ctx)[0];
  if (earlier) {
    return {
      summary:
        `Positive pregnancy result ${describeAgo(earlier.date, ctx.now)} never followed by a negative test or ` +
        `an end of pregnancy: exclude pregnancy first`,
      evidence: [observationEvidence(earlier.observation)],
      serumOnly: ctx.valueSets.matchesConcept(RuleValueSets.hcgSerum, earlier.observation.code),
    };
  }
  if (cleared) return undefined;
  const { dated, unknown } = lastPeriodRecord(ctx);
  if (unknown) {
    return {
      summary: `Last menstrual period recorded as unknown: pregnancy possible; test before ${ctx.procedureName}`,
      evidence: [observationEvidence(unknown)],
    };
  }
  if (dated && cycleDayOf(ctx, dated) - 1 > T.lmpReliableDays) {
    return {
      summary: `Last period ${cycleDayOf(ctx, dated) - 1} days before ${ctx.procedureName}: pregnancy possible; test before the procedure`,
      evidence: [observationEvidence(dated.observation)],
    };
  }
  return undefined;
}

/** The two latest hCG results, as context; a result the escalation already names is not listed twice. */
function olderTests(results: readonly HcgResult[], named: readonly Evidence[] = []): Evidence[] {
  const listed = new Set(named.map((e) => e.reference));
  return results
    .filter((r) => {
      const reference = observationEvidence(r.observation).reference;
      return reference === undefined || !listed.has(reference);
    })
    .slice(0, 2)
    .map((r) => {
      const evidence = observationEvidence(r.observation);
      const why =
        r.reading !== 'negative' ? 'not negative' : r.final ? 'more than 72 hours before' : 'not final';
      return { ...evidence, description: `${evidence.description} (${why})` };
    });
}

/**
 * `pregnancy-test-needed`: no final negative hCG within 72 hours before the procedure (info; not at all when the
 * site tests everyone on the day, PREGNANCY_TEST_PROTOCOL=day-of-procedure). A warning, whatever the protocol, when
 * an earlier positive result was never superseded, or the last period is more than 35 days back or recorded as
 * unknown (ACOG: not "in a woman who … could be pregnant"; dates are unreliable, [S17]). Silent for postmenopausal
 * patients ([S16]), when an hCG is drafted, when a current positive or equivocal result has its own card, and when
 * the observations could not be obtained. Shown on order-sign only (gate-findings.ts).
 */
export const findPregnancyTestNeeded: Rule = (ctx) => {
  if (!isAvailable(ctx, 'observations') || isAlreadyDrafted(ctx, RuleValueSets.hcgTest)) return undefined;
  if (isPostmenopausal(ctx)) return undefined;
  const results = hcgResults(ctx);
  if (
    currentPositiveHcg(ctx, results).length > 0 ||
    currentEquivocalHcg(ctx, results) ||
    currentPregnantStatuses(ctx).length > 0
  )
    return undefined;
  const cleared = results.some(
    (r) =>
      isQualifyingNegative(r, false) &&
      isWithinHoursBefore(r.date, ctx.procedureDate, T.negativeTestWindowHours),
  );
  const escalation = escalationOf(ctx, cleared);
  if (!escalation && (cleared || ctx.input.settings.pregnancyTestProtocol === 'day-of-procedure'))
    return undefined;
  return makeFinding(ctx, {
    kind: 'pregnancy-test-needed',
    severity: escalation ? 'warning' : 'info',
    summary:
      escalation?.summary ??
      `No negative pregnancy test within 72 h before ${ctx.procedureName}: test on the day of the procedure`,
    ...(escalation?.serumOnly
      ? {
          action: `Exclude pregnancy with a serum hCG before the ${ctx.procedureName}: only a negative serum test or a recorded end of pregnancy clears an earlier serum result.`,
        }
      : escalation
        ? {
            action: `Exclude pregnancy before the ${ctx.procedureName}: a negative hCG on the day (or within 72 h before).`,
          }
        : {}),
    explanation:
      'HSG and SIS must not be done in a woman who is pregnant or could be pregnant. A negative hCG within ' +
      `${T.negativeTestWindowHours} hours before the procedure, or on the day (point-of-care urine or serum), ` +
      'excludes it; a test very early after ovulation can still be falsely negative, so keep to the follicular ' +
      'phase. An earlier positive serum hCG is cleared only by a negative serum test or a recorded end of pregnancy.' +
      anovulationNote(ctx),
    evidence: escalation
      ? [...escalation.evidence, ...olderTests(results, escalation.evidence)]
      : olderTests(results),
    references: [GuidelineLinks.acogSis, GuidelineLinks.acrHsg],
    // Point-of-care urine first ([S17]); serum after an earlier serum result, which only serum clears ([S20]).
    suggestions: escalation?.serumOnly
      ? [serumSuggestion]
      : [
          {
            kind: 'create-order',
            label: 'Order a point-of-care urine hCG for the day of the procedure',
            activityDefinition: RuleActivityDefinitions.urineHcgPointOfCare,
          },
          serumSuggestion,
        ],
    overrideReasons: ['test-scheduled', 'pregnancy-excluded', 'already-ordered'],
  });
};
