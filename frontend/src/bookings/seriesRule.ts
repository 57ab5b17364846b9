// seriesRule.ts turns the "Add a series of times" form into what the API takes (an
// RFC 5545 rule and wall-clock start and end) and lists the dates that rule makes, so a
// facilitator sees them before saving. The server expands the same rule with rrule-go;
// this covers the weekly rules the form can build, and nothing else.
import { londonToUTC } from '../time';

/** Weekday is an RFC 5545 day code, Monday first. */
export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';
export const weekdays: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
export const weekdayLabels: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

/** SeriesEnd: after a number of weeks (that many times per weekday), or on a date. */
export type SeriesEnd = { weeks: number } | { until: string };

/** MaxTimes is the most times one series makes (the server's MaxSeriesSlots). */
export const MaxTimes = 200;

/** buildRule is the RRULE for weekly times on days: "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=12"
 * for 6 weeks of Tuesdays and Thursdays; an until date ends after that day (UNTIL is read
 * as a wall-clock time, like the start). Days are written Monday first. */
export function buildRule(days: readonly Weekday[], end: SeriesEnd): string {
  const by = weekdays.filter((d) => days.includes(d)).join(',');
  const tail = 'weeks' in end ? `COUNT=${end.weeks * Math.max(1, days.length)}` : `UNTIL=${end.until.replaceAll('-', '')}T235959Z`;
  return `FREQ=WEEKLY;BYDAY=${by};${tail}`;
}

/** dayOf is the weekday code of a "2027-03-16" date. */
export function dayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number);
  return weekdays[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7];
}

/** addDays moves a "2027-03-16" date by n calendar days. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** seriesDates lists the dates a weekly rule makes from first: each day from first on
 * whose weekday is chosen, until the count or the until date (inclusive). At most
 * MaxTimes + 1 dates, so a caller can tell the rule makes too many. */
export function seriesDates(first: string, days: readonly Weekday[], end: SeriesEnd): string[] {
  if (days.length === 0 || !/^\d{4}-\d{2}-\d{2}$/.test(first)) return [];
  const count = 'weeks' in end ? end.weeks * days.length : Infinity;
  const until = 'until' in end ? end.until : '9999-12-31';
  const out: string[] = [];
  for (let d = first; out.length < count && out.length <= MaxTimes && d <= until; d = addDays(d, 1)) {
    if (days.includes(dayOf(d))) out.push(d);
  }
  return out;
}

/** wallClock is the API's wall-clock form of a date and "10:00": "2027-03-16T10:00:00". */
export const wallClock = (date: string, time: string) => `${date}T${time.length === 4 ? `0${time}` : time}:00`;

/** PreviewTime is one time the series will make: its London date and its instants. */
export interface PreviewTime {
  date: string;
  starts_at: string;
  ends_at: string;
}

/** previewTimes is each date's start and end as UTC instants, keeping the London clock
 * time across the clock changes (10am is 10:00Z in winter and 09:00Z in summer). */
export function previewTimes(dates: readonly string[], start: string, end: string): PreviewTime[] {
  return dates.flatMap((date) => {
    const s = londonToUTC(date, start);
    const e = londonToUTC(date, end);
    return s && e ? [{ date, starts_at: s, ends_at: e }] : [];
  });
}

/** anchoredFirst is the first date of a series tied to a go-live: weeksBefore weeks
 * before it, as the server places it. */
export const anchoredFirst = (goLiveOn: string, weeksBefore: number) => addDays(goLiveOn, -7 * weeksBefore);
