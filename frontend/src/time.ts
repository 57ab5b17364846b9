// time.ts is the one place that turns the API's ISO-8601 UTC times into what a
// person in England expects to read: Europe/London, with daylight saving.

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const dateOnly = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

const longDayFmt = new Intl.DateTimeFormat('en-GB', {
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

const isoDateFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** londonDate is d's date in London as "2026-12-07" (today by default): for date
 * inputs' defaults and day counts. */
export function londonDate(d = new Date()): string {
  return isoDateFmt.format(d);
}

/** longDay gives "Tuesday 1 December 2026" in London; withYear false leaves the year to
 * the context ("Tuesday 1 December"). */
export function longDay(iso: string, withYear = true): string {
  const p = Object.fromEntries(longDayFmt.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return withYear ? `${p.weekday} ${p.day} ${p.month} ${p.year}` : `${p.weekday} ${p.day} ${p.month}`;
}

/** clock gives a London time as the NHS style guide writes it: "9am", "2:30pm",
 * "midday", "midnight". */
export function clock(iso: string): string {
  const [h, m] = clockFmt.format(new Date(iso)).split(':').map(Number);
  if (m === 0 && h === 12) return 'midday';
  if (m === 0 && h === 0) return 'midnight';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m ? `:${String(m).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** formatDateTime gives "3 March 2025 at 14:05" in London time, or "" for no time. */
export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  if (!d) return '';
  const parts = Object.fromEntries(dateTime.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}`;
}

/** formatDate gives "3 March 2025" in London time, or "" for no time. */
export function formatDate(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? dateOnly.format(d) : '';
}

// Reading times typed in England: the other way round, London clock to UTC.

const londonParts = new Intl.DateTimeFormat('en-GB', {
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
  const p = Object.fromEntries(londonParts.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const asUTC = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
  return Math.round((asUTC - Math.floor(t / 60000) * 60000) / 60000);
}

/** londonToUTC reads "2026-03-06" and "07:30" as London time; null if either is not valid. */
export function londonToUTC(date: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (!d || !t || +t[1] > 23 || +t[2] > 59) return null;
  const naive = Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2]);
  const check = new Date(naive);
  if (check.getUTCDate() !== +d[3] || check.getUTCMonth() !== +d[2] - 1) return null;
  // Apply the offset at the guess, then again at the corrected instant (daylight saving edges).
  let utc = naive - londonOffsetMinutes(naive) * 60000;
  utc = naive - londonOffsetMinutes(utc) * 60000;
  return new Date(utc).toISOString().replace('.000Z', 'Z');
}
