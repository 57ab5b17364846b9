// Typed calls for go-live milestones (issue 17), and the words the pages show them in.
import { api, type ID } from '../api';
import { londonDate } from '../time';

/** Target is a staff group's training target: min_percent of them trained, in a
 * session of category ("" is any category) by go-live. */
export interface Target {
  staff_group: string;
  category: '' | 'clinical' | 'operational' | 'technical';
  min_percent: number;
}

export interface Milestone {
  id: ID;
  organisation_id: ID;
  site: string;
  name: string;
  /** go_live_on is a calendar date, "2027-04-19", with no time zone. */
  go_live_on: string;
  targets: Target[];
  created_at: string;
  updated_at: string;
}

/** AnchoredSeries is a series tied to the milestone and who moving it would touch. */
export interface AnchoredSeries {
  id: ID;
  session_id: ID;
  session_title: string;
  rule: string;
  weeks_before: number;
  upcoming_slots: number;
  /** booked people hold a calendar invite: they get an update */
  booked: number;
  /** unconfirmed and waiting people get an email */
  unconfirmed: number;
  waiting: number;
}

export interface MilestoneDetail extends Milestone {
  series: AnchoredSeries[];
}

export interface MilestoneInput {
  organisation_id?: ID;
  site: string;
  name: string;
  go_live_on: string;
  targets: Target[];
}

export const listMilestones = () => api.get<{ items: Milestone[] }>('/milestones').then((r) => r.items);
export const getMilestone = (id: ID | string) => api.get<MilestoneDetail>(`/milestones/${id}`);
export const createMilestone = (input: MilestoneInput) => api.post<Milestone>('/milestones', input);
export const updateMilestone = (id: ID, input: Omit<MilestoneInput, 'organisation_id'>) =>
  api.patch<Milestone & { bookings_told: number }>(`/milestones/${id}`, input);

export const categoryChoices: { value: Target['category']; label: string }[] = [
  { value: '', label: 'Any session' },
  { value: 'clinical', label: 'Clinical' },
  { value: 'operational', label: 'Operational' },
  { value: 'technical', label: 'Technical' },
];

const dayFmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** goLiveDay gives "Monday 19 April 2027" for "2027-04-19". */
export function goLiveDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const p = Object.fromEntries(dayFmt.formatToParts(new Date(Date.UTC(y, m - 1, d))).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** londonToday is today's date in England, "2026-12-07". */
export const londonToday = londonDate;

/** countdown says how far off a go-live date is: "in 3 days", "in 19 weeks" (from 4
 * weeks on, whole weeks), "tomorrow", "today", or "2 weeks ago". */
export function countdown(date: string, today: string): string {
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86400000);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  const n = Math.abs(days);
  const span = n >= 28 ? plural(Math.floor(n / 7), 'week') : plural(n, 'day');
  return days > 0 ? `in ${span}` : `${span} ago`;
}

/** targetSummary gives "Nursing and midwifery registered: 80% (clinical)". */
export function targetSummary(t: Target): string {
  return `${t.staff_group}: ${t.min_percent}%${t.category ? ` (${t.category})` : ''}`;
}

/** dateParts splits "2027-04-19" into the day, month and year boxes; joinDate is the
 * inverse, "" when a box is empty, and the boxes as typed when they are not a date
 * (the API then says so on go_live_on). */
export function dateParts(date: string): { day: string; month: string; year: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? { day: String(+m[3]), month: String(+m[2]), year: m[1] } : { day: '', month: '', year: '' };
}

export function joinDate({ day, month, year }: { day: string; month: string; year: string }): string {
  if (!day.trim() && !month.trim() && !year.trim()) return '';
  const pad = (s: string) => s.trim().padStart(2, '0');
  return `${year.trim()}-${pad(month)}-${pad(day)}`;
}

/** validDate says whether "2027-04-19" is a real calendar date. */
export function validDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** moveSentence says plainly what saving a new go-live date will do to the series tied
 * to it: "3 series of training times move with it; 14 booked people will get an updated
 * calendar invitation." */
export function moveSentence(series: readonly AnchoredSeries[]): string[] {
  const slots = series.reduce((n, s) => n + s.upcoming_slots, 0);
  const booked = series.reduce((n, s) => n + s.booked, 0);
  const others = series.reduce((n, s) => n + s.unconfirmed + s.waiting, 0);
  if (series.length === 0 || slots === 0) return ['No training times are tied to this date, so nothing else moves.'];
  const out = [
    `${plural(series.length, 'series', 'series')} of training times (${plural(slots, 'time')} still to come) ${series.length === 1 ? 'moves' : 'move'} with it, keeping their weekdays and times.`,
  ];
  out.push(
    booked === 0
      ? 'Nobody is booked on them yet.'
      : `${plural(booked, 'booked person', 'booked people')} will get an updated calendar invitation, and can keep, move or cancel their place.`,
  );
  if (others > 0) out.push(`${plural(others, 'person', 'people')} waiting for a place or yet to confirm will get an email with the new time.`);
  return out;
}
