/**
 * Every threshold and time window the clinical rules use, in one place so a clinician can review them.
 *
 * Sources (hsg-knowledge.md; confidence tags as there):
 * - hCG: at most 5 mIU/mL is negative at most laboratories (MSD Manual, V); above 5 and below 25 is equivocal and at
 *   least 25 is positive (babymed, GLOWM; V2). mIU/mL = IU/L.
 * - Negative pregnancy test within 72 hours before the procedure: a defensible default, since the ACR HSG practice
 *   parameter leaves the test requirement to institutional policy (§2.1.3, K).
 * - A positive hCG or pregnancy status counts as current for 30 days (§5 HSG-01/HSG-02, "within the current cycle /
 *   30 days").
 * - Positive CT/NG NAAT within 60 days is an active infection (§2.2.3, K).
 * - Defer 30 days after a uterine or cervical procedure or pregnancy end (Lipiodol label: "within 30 days of
 *   curettage or conization", V), 42 days after delivery (§2.6, K).
 * - Baseline TSH within 12 months before oil-based contrast (§2.7, Kaneshige JCEM 2015 and SELFI JCEM 2022, V).
 * - A last menstrual period more than 35 days before the procedure no longer dates the cycle (§2.5, K).
 * The follicular-phase cycle-day window is configuration (CYCLE_DAY_WINDOW, default 6-12), read from input.settings.
 */
export const RULE_THRESHOLDS = {
  hcgNegativeMaxMiuPerMl: 5,
  hcgPositiveMinMiuPerMl: 25,
  negativeTestWindowHours: 72,
  positiveEvidenceWindowDays: 30,
  ctngPositiveWindowDays: 60,
  uterineProcedureWindowDays: 30,
  deliveryWindowDays: 42,
  tshWindowMonths: 12,
  lmpReliableDays: 35,
} as const;
