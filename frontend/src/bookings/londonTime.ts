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
