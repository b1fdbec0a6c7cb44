/**
 * Every threshold and time window the clinical rules use, in one place so a clinician can review them.
 *
 * Sources: hsg-knowledge.md (confidence tags V/V2/K/U as there) and the independent clinical review
 * (clinical-review.md, sources [S1]-[S28] as numbered there). "Judgment" marks a number no source gives.
 * - hCG: below 5 mIU/mL is negative; 5 up to (not including) 25 is equivocal; 25 and above is positive. Serum above 5 is
 *   "positive or borderline" and 5-25 is borderline, to be repeated after 48 h ([S20], secondary; KB MSD, V). Exactly
 *   5.0 is read as equivocal on purpose (the safer reading, review 3.2); a result reported as "<5" stays negative.
 *   mIU/mL = IU/L.
 * - A serum hCG that is positive or equivocal is cleared only by a later serum hCG below 5: urine qualitative tests
 *   detect about 20-25 mIU/mL and cannot rule out a serum value of 5-25 ([S20]).
 * - Negative pregnancy test within 72 hours before the procedure ([S16] for higher-dose procedures; [S17] routine
 *   testing; institutional policy decides, so PREGNANCY_TEST_PROTOCOL can hand it to a day-of-procedure protocol).
 * - A positive hCG or pregnancy status is proof of a current pregnancy (critical) for 30 days (KB §5, K). After that it
 *   does not expire: until a later qualifying negative hCG or a recorded end of pregnancy it keeps the patient "could
 *   be pregnant" ([S3]) for 300 days, about 42 weeks of gestation (judgment: the longest a pregnancy can still be
 *   ongoing), as a pregnancy-test-needed warning.
 * - An active pregnancy Condition contradicted by a final negative serum hCG taken after it, in the 30 days before the
 *   procedure, or recorded more than 300 days ago, is a stale record: a warning to update it (review 3.1, judgment).
 * - A last menstrual period more than 35 days before the procedure no longer dates the cycle, and (with no negative
 *   test) the patient could be pregnant (KB §2.5, K; [S3], [S17]).
 * - CT/NG NAAT: an untreated positive does not expire; it stands until a negative retest for the same organism or
 *   documented treatment. Within 7 days after treatment it is still critical (abstain 7 days after single-dose therapy
 *   or until a 7-day course is complete, [S22]); after that a warning until a negative retest, for 180 days after
 *   treatment (judgment: covers the CDC retest at 3 months, [S22], with margin).
 * - Defer 30 days after a uterine or cervical procedure or pregnancy end (Lipiodol label: "within 30 days of
 *   curettage or conization", [S8]), 42 days after delivery (judgment: the 6-week puerperium; no source found).
 * - Baseline TSH within 12 months before oil-based contrast (KB §2.7; 12 months is judgment). TSH outside
 *   0.4-4.0 mIU/L (judgment: a common adult reference interval; the result's own referenceRange wins when present) is
 *   abnormal: below it is the label's hyperthyroidism ([S8]); above it, hypothyroidism that iodine can worsen ([S9],
 *   [S10], [S11], [S28]).
 * - Current uterine bleeding: an abnormal-bleeding Condition with onset or recording within 14 days (judgment, review
 *   3.9: "onset ≤ 7-14 days"); older or undated ones are chronic diagnoses, not bleeding now.
 * - Cycle days: a normal cycle lasts 24-38 days (FIGO AUB System 1, Munro 2018). A cycle day above 24 counted from a
 *   recorded LMP may already belong to the next cycle, so no cycle day is given (judgment). With oil-based contrast
 *   the Lipiodol label contraindicates the "immediate pre- or postmenstrual phase" ([S8]): the days before the
 *   window (menses and just after) and from cycle day 22 (judgment: the last week of a 28-day cycle).
 * - Oil-based contrast (Lipiodol) is indicated "in adults" ([S8] openFDA label): under 18 is off-label.
 * - CT/NG screening prompt: under 25 and no NAAT in 12 months ([S5b]; CDC annual screening of sexually active women
 *   under 25, as summarised in the review; judgment for applying it here).
 * - Age 45 or more: pituitary hCG up to about 14 IU/L can be benign ([S21]).
 * - An hCG injection (ovulation trigger) in the 14 days before a positive or equivocal test can explain it ([S17];
 *   14 days is judgment).
 *
 * Open questions (searched again on 2026-12-02 with the project's search tool; the body text of the ACR HSG practice
 * parameter [S1], the ACR-ACOG-AIUM-SRU SIS/HyCoSy parameter [S2] and ACOG PB 195 [S5a] is still not readable, only
 * their titles and preambles): these numbers have no primary source and stay as marked judgments until the full texts
 * are read: the 72 hours (beyond [S16]'s higher-dose rule), 30 days after non-curettage procedures, 42 days after
 * delivery, 12 months for TSH, the 14-day bleeding window, the SIS window's upper day 10, the 300-day pregnancy
 * window and the 180 days after CT/NG treatment.
 * The follicular-phase windows are configuration (CYCLE_DAY_WINDOW for HSG, default 6-12 [S19]; SIS_CYCLE_DAY_WINDOW,
 * default 4-10 [S24], KB "generally not after about day 10"), read from input.settings.
 */
export const RULE_THRESHOLDS = {
  hcgNegativeBelowMiuPerMl: 5,
  hcgPositiveMinMiuPerMl: 25,
  negativeTestWindowHours: 72,
  positiveEvidenceWindowDays: 30,
  pregnancyPossibleDays: 300,
  staleConditionNegativeWindowDays: 30,
  ctngAbstinenceDays: 7,
  ctngTreatedFollowUpDays: 180,
  uterineProcedureWindowDays: 30,
  deliveryWindowDays: 42,
  tshWindowMonths: 12,
  tshLowMiuPerL: 0.4,
  tshHighMiuPerL: 4.0,
  currentBleedingDays: 14,
  lmpReliableDays: 35,
  shortestNormalCycleDays: 24,
  oilPreMenstrualFromCycleDay: 22,
  oilAdultAgeYears: 18,
  pituitaryHcgAgeYears: 45,
  exogenousHcgDays: 14,
  ctngScreeningAgeBelow: 25,
  ctngScreeningWindowMonths: 12,
} as const;

/** The default of settings a deployment may leave out (they match src/config/config.ts defaults). */
export const DEFAULT_SIS_CYCLE_DAY_WINDOW = { first: 4, last: 10 } as const;
