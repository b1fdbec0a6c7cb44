const DAY_MS = 86_400_000;
/** Records and clocks disagree by hours (time zones, date-only values): a result up to a day "ahead" still counts. */
const FUTURE_TOLERANCE_MS = DAY_MS;

/** A FHIR date, dateTime or instant as a Date; partial dates (YYYY, YYYY-MM) fall on their first day. */
export function parseFhirDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** True when `date` lies no more than `days` before `anchor` (and not clearly after it). */
export function isWithinDaysBefore(date: Date, anchor: Date, days: number): boolean {
  const before = anchor.getTime() - date.getTime();
  return before >= -FUTURE_TOLERANCE_MS && before <= days * DAY_MS;
}

export function isWithinHoursBefore(date: Date, anchor: Date, hours: number): boolean {
  return isWithinDaysBefore(date, anchor, hours / 24);
}

/** True when `date` is not clearly in the future of `now` (a result cannot predate its own collection). */
export function isNotFuture(date: Date, now: Date): boolean {
  return date.getTime() - now.getTime() <= FUTURE_TOLERANCE_MS;
}

export function subtractMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  result.setUTCMonth(result.getUTCMonth() - months);
  return result;
}

/** The calendar day (UTC day number) of a FHIR date string's date part, or of a Date. */
export function calendarDay(value: string | Date): number {
  const iso = typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
  const [year, month, day] = iso.split('-').map(Number);
  return Math.floor(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1) / DAY_MS);
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "today", "yesterday", "3 days ago", or the date when it is in the future; for card summaries. */
export function describeAgo(date: Date, now: Date): string {
  const days = calendarDay(now) - calendarDay(date);
  if (days < 0) return `on ${isoDay(date)}`;
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

/** Whole days from `earlier` to `later` by calendar date, for "12 days before the procedure". */
export function calendarDaysBetween(earlier: Date, later: Date): number {
  return calendarDay(later) - calendarDay(earlier);
}
