// Typed calls for the retention policy: the public policy (the privacy notice
// shows it) and "What Confer keeps" for admins.
import { api } from '../api';

/** PolicyKind is one row of the public policy: GET /privacy/retention. */
export interface PolicyKind {
  kind: string;
  label: string;
  /** keep is how long, in words: "12 months". */
  keep: string;
  /** after is the event the time counts from: "the session". */
  after: string;
  action: 'anonymised' | 'deleted';
  why: string;
}

/** KeepsKind is a policy row with what is due and what was last removed. */
export interface KeepsKind extends PolicyKind {
  what: string;
  setting: string;
  /** due_now and due_soon are null for a kind Confer removes without counting it first. */
  due_now: number | null;
  due_soon: number | null;
  last_checked: string | null;
  last_removed: { count: number; at: string } | null;
}

export interface Keeps {
  soon_days: number;
  kinds: KeepsKind[];
}

export const getRetentionPolicy = () => api.get<{ kinds: PolicyKind[] }>('/privacy/retention');
export const getKeeps = () => api.get<Keeps>('/privacy/keeps');

/** records says a count of records in words: "No records", "1 record", "12 records". */
export function records(n: number): string {
  if (n === 0) return 'No records';
  return `${n.toLocaleString('en-GB')} ${n === 1 ? 'record' : 'records'}`;
}
