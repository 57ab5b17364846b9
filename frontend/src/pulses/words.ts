// words.ts holds how pulses are said: states, closing times, counts.
import { clock, longDay } from '../time';
import type { PulseState } from './api';

export const stateLabels: Record<PulseState, string> = {
  scheduled: 'Not open yet',
  open: 'Open',
  closed: 'Closed',
};

export const stateTags: Record<PulseState, string> = {
  scheduled: 'nhsuk-tag--grey',
  open: 'nhsuk-tag--green',
  closed: 'nhsuk-tag--white',
};

/** when says a time as the NHS style guide does: "5pm on Friday 19 March 2027". */
export function when(iso: string): string {
  return `${clock(iso)} on ${longDay(iso)}`;
}

/** plural gives "1 answer", "2 answers". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

export const kindLabels = {
  scale: 'Scale (for example 1 to 5)',
  single: 'One answer from a list',
  multiple: 'Any answers from a list',
  open: 'Written answer',
} as const;

/** londonClock is d's time of day in London as HH:MM: a pulse opens now unless the
 * team says otherwise (a fixed 9am would keep a pulse made before 9am shut to the
 * first people to open its email). */
export function londonClock(d: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}
