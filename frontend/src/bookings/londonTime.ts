// londonTime.ts turns what a facilitator types (a date and a time on a clock in
// England) into the UTC instant the API stores, and formats slot times for
// reading. Display of single times goes through ../time.ts.

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** londonOffsetMinutes is how far London's clock is ahead of UTC at an instant. */
function londonOffsetMinutes(utcMillis: number): number {
  const p = Object.fromEntries(parts.formatToParts(new Date(utcMillis)).map((x) => [x.type, x.value]));
  const asUTC = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
  return Math.round((asUTC - Math.floor(utcMillis / 60000) * 60000) / 60000);
}

/** londonToUTC turns "2026-12-01" and "09:30" on a London clock into an ISO UTC time. */
export function londonToUTC(date: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const naive = Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2]);
  // Two passes settle the offset on either side of a clock change.
  let utc = naive - londonOffsetMinutes(naive) * 60000;
  utc = naive - londonOffsetMinutes(utc) * 60000;
  return new Date(utc).toISOString().replace('.000Z', 'Z');
}

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
