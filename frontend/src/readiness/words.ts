// Words the readiness pages share: the countdown, a go-live date, and each
// group's figures as a sentence fragment (never colour alone).
import type { BoardGroup, GroupPulse, MilestoneSummary } from './api';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** countdown is "63 days to go", "1 day to go", "Go-live is today" or "Went live 3 days ago". */
export function countdown(days: number): string {
  if (days === 0) return 'Go-live is today';
  if (days < 0) return `Went live ${plural(-days, 'day', 'days')} ago`;
  return `${plural(days, 'day', 'days')} to go`;
}

const dayFmt = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** goLiveDay writes "2027-04-27" as "Tuesday 27 April 2027". */
export function goLiveDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  const p = Object.fromEntries(dayFmt.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** statusLine is a milestone's one-line status on the list. */
export function statusLine(m: MilestoneSummary): string {
  if (m.groups === 0) return 'No training targets set yet.';
  if (m.on_track_groups === m.groups) return `All ${plural(m.groups, 'staff group', 'staff groups')} with a target on track.`;
  return `${m.on_track_groups} of ${plural(m.groups, 'staff group', 'staff groups')} with a target on track.`;
}

/** trained is "3 (33%)". */
export const trained = (g: BoardGroup) => `${g.attended} (${g.attended_percent}%)`;

/** target is "80%, clinical sessions" or "None". */
export function target(g: BoardGroup): string {
  if (!g.has_target || g.target_percent === null) return 'None';
  return g.category ? `${g.target_percent}%, ${g.category} sessions` : `${g.target_percent}%, any session`;
}

/** onTrack says it in words. */
export function onTrack(g: BoardGroup): string {
  if (!g.has_target) return 'No target';
  return g.on_track ? 'On track' : 'Not on track';
}

/** feelReady is "38% (up from 33%)", "Not shown: fewer than 5 answered" or "No answers yet". */
export function feelReady(p: GroupPulse): string {
  if (p.withheld) return 'Not shown (too few answers)';
  if (p.ready_percent === null) return p.pulse_id === null ? 'No pulse yet' : 'No answers yet';
  const now = `${p.ready_percent}%`;
  const before = p.previous_ready_percent;
  if (before === null) return now;
  if (before === p.ready_percent) return `${now} (no change)`;
  return `${now} (${p.ready_percent > before ? 'up' : 'down'} from ${before}%)`;
}
