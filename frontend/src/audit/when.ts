// when.ts writes an audit row's time as the house style reads it, in London:
// "Monday 7 December 2026, 2:30pm" ("midday" and "midnight" by name).

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

export function auditWhen(iso: string): string {
  const d = new Date(iso);
  const p = Object.fromEntries(dayFmt.formatToParts(d).map((x) => [x.type, x.value]));
  const [h, m] = clockFmt.format(d).split(':').map(Number);
  let clock: string;
  if (m === 0 && h === 12) clock = 'midday';
  else if (m === 0 && h === 0) clock = 'midnight';
  else clock = `${h % 12 === 0 ? 12 : h % 12}${m ? `:${String(m).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${clock}`;
}
