// when.ts writes an audit row's time as the house style reads it, in London:
// "Monday 7 December 2026, 2:30pm" ("midday" and "midnight" by name).
import { clock, longDay } from '../time';

export const auditWhen = (iso: string) => `${longDay(iso)}, ${clock(iso)}`;
