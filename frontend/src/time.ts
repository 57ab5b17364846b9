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
