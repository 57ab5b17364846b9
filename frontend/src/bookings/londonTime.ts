// londonTime.ts turns what a facilitator types (a date and a time on a clock in
// England) into the UTC instant the API stores, and formats slot times for
// reading. Display of single times goes through ../time.ts.

import { clock, longDay } from '../time';

export { londonToUTC, clock } from '../time';

/** slotDay gives "Tuesday 1 December 2026" in London. */
export const slotDay = (iso: string) => longDay(iso);

/** shortDay gives "Tuesday 1 December" in London: the year is left to the context. */
export const shortDay = (iso: string) => longDay(iso, false);

/** dayKey gives the London date of a time, "2026-12-01", to group times by day. */
export const dayKey = (iso: string) => londonFields(iso).date;

/** slotTimes gives "9:30am to 10:15am" in London. */
export const slotTimes = (start: string, end: string) => `${clock(start)} to ${clock(end)}`;

/** slotWhen gives "Tuesday 1 December 2026, 9:30am to 10:15am". */
export const slotWhen = (start: string, end: string) => `${slotDay(start)}, ${slotTimes(start, end)}`;

/** shortWhen gives "Tuesday 1 December, 9:30am to 10:15am", for lists under a dated heading. */
export const shortWhen = (start: string, end: string) => `${shortDay(start)}, ${slotTimes(start, end)}`;

/** releaseWhen gives "Tuesday 1 December 2026 at 9am" in London, for when held places open. */
export const releaseWhen = (iso: string) => `${slotDay(iso)} at ${clock(iso)}`;

const fieldFmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** londonFields splits a UTC time into the London date ("2026-12-01") and time
 * ("09:00") a form's date and time inputs hold; the inverse of londonToUTC. */
export function londonFields(iso: string | null | undefined): { date: string; time: string } {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return { date: '', time: '' };
  const p = Object.fromEntries(fieldFmt.formatToParts(d).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}
