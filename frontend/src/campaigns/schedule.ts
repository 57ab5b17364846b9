// schedule.ts turns a date and time typed in London (as people in England mean
// them, with daylight saving) into the UTC ISO time the API stores.

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** londonOffsetMinutes is how far London is ahead of UTC at instant t. */
function londonOffsetMinutes(t: number): number {
  const p = Object.fromEntries(parts.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const asUTC = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
  return Math.round((asUTC - Math.floor(t / 60000) * 60000) / 60000);
}

/** londonToISO reads "2026-03-06" and "07:30" as London time; null if either is not valid. */
export function londonToISO(date: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!d || !t || +t[1] > 23 || +t[2] > 59) return null;
  const naive = Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2]);
  const check = new Date(naive);
  if (check.getUTCDate() !== +d[3] || check.getUTCMonth() !== +d[2] - 1) return null;
  // Apply the offset at the guess, then again at the corrected instant (daylight saving edges).
  let utc = naive - londonOffsetMinutes(naive) * 60000;
  utc = naive - londonOffsetMinutes(utc) * 60000;
  return new Date(utc).toISOString();
}
