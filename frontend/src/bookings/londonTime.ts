// londonTime.ts turns what a facilitator types (a date and a time on a clock in
// England) into the UTC instant the API stores, and formats slot times for
// reading. Display of single times goes through ../time.ts.

export { londonToUTC } from '../time';

const dayFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const clockFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** slotDay gives "Tuesday 1 December 2026" in London. */
export function slotDay(iso: string): string {
  const p = Object.fromEntries(dayFmt.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** slotTimes gives "09:30 to 10:15" in London. */
export const slotTimes = (start: string, end: string) =>
  `${clockFmt.format(new Date(start))} to ${clockFmt.format(new Date(end))}`;

/** slotWhen gives "Tuesday 1 December 2026, 09:30 to 10:15". */
export const slotWhen = (start: string, end: string) => `${slotDay(start)}, ${slotTimes(start, end)}`;

/** releaseWhen gives "Tuesday 1 December 2026 at 09:00" in London, for when held places open. */
export const releaseWhen = (iso: string) => `${slotDay(iso)} at ${clockFmt.format(new Date(iso))}`;

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
