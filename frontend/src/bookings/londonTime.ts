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

/** shortDay gives "Tuesday 1 December" in London: the year is left to the context. */
export function shortDay(iso: string): string {
  const p = Object.fromEntries(dayFmt.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month}`;
}

/** dayKey gives the London date of a time, "2026-12-01", to group times by day. */
export const dayKey = (iso: string) => londonFields(iso).date;

/** clock gives a London time as the NHS style guide writes it: "9am", "2:30pm",
 * "midday", "midnight". */
export function clock(iso: string): string {
  const [h, m] = clockFmt.format(new Date(iso)).split(':').map(Number);
  if (m === 0 && h === 12) return 'midday';
  if (m === 0 && h === 0) return 'midnight';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m ? `:${String(m).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
}

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
