// Typed calls for the public notices: the organisation's settings
// (GET /api/v1/notices) and how long each kind of personal data is kept
// (GET /api/v1/privacy/retention, the retention policy the daily job applies).
import { api } from '../api';

export interface Notices {
  controller: string;
  dpo_email: string;
  dpo_address: string;
  accessibility_email: string;
  known_issues: string[];
  /** tested_on is YYYY-MM-DD, or "" when the organisation has recorded no test. */
  tested_on: string;
  tested_by: string;
  /** notice_updated is YYYY-MM-DD, or "". */
  notice_updated: string;
  programme: string;
  ics: string;
  base_url: string;
  mail: 'outbox' | 'sendgrid';
}

export interface RetentionKind {
  kind: string;
  label: string;
  keep: string;
  after: string;
  action: string;
  why: string;
}

export const getNotices = () => api.get<Notices>('/notices');
export const getRetention = () => api.get<{ kinds: RetentionKind[] }>('/privacy/retention');

/** dayOf shows a YYYY-MM-DD setting as "7 December 2026" (no time zone can move it). */
export function dayOf(isoDay: string): string {
  const [y, m, d] = isoDay.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
