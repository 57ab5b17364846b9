// attention.ts turns GET /home's counts into the home page's words and links:
// one item per thing the role may see, with its words for none.
import type { Attention } from './api';
import { compared, noun, plural } from './words';

export interface AttentionItem {
  key: string;
  count: number;
  /** text follows the count: "campaigns waiting for your approval". */
  text: string;
  href: string;
  /** none says the same in words when the count is 0. */
  none: string;
  detail?: string;
}

export function attentionItems(a: Attention): AttentionItem[] {
  const out: AttentionItem[] = [];
  const campaignHref = (id: number | null) => (id ? `/campaigns/${id}` : '/campaigns');
  if (a.approvals) {
    const n = a.approvals.count;
    out.push({ key: 'approvals', count: n, text: `${noun(n, 'campaign')} waiting for your approval`, href: campaignHref(a.approvals.only_id), none: 'No campaigns waiting for your approval' });
  }
  if (a.new_feedback) {
    const n = a.new_feedback.count;
    out.push({ key: 'feedback', count: n, text: `new feedback ${noun(n, 'post')} to triage`, href: '/feedback/triage?status=new', none: 'No new feedback to triage' });
  }
  if (a.sessions) {
    const { today, week } = a.sessions;
    if (today > 0) out.push({ key: 'sessions-today', count: today, text: `${noun(today, 'session')} you run today`, href: '/sessions', none: '' });
    out.push({ key: 'sessions-week', count: week, text: `${noun(week, 'session')} you run in the next 7 days`, href: '/sessions', none: 'No sessions of yours in the next 7 days' });
  }
  if (a.workshops) {
    const { live, today, week } = a.workshops;
    if (live > 0) out.push({ key: 'workshops-live', count: live, text: `${noun(live, 'workshop')} of yours live now`, href: '/workshops', none: '' });
    if (today > 0) out.push({ key: 'workshops-today', count: today, text: `${noun(today, 'workshop')} you run today`, href: '/workshops', none: '' });
    if (week > 0 || live === 0) {
      out.push({ key: 'workshops-week', count: week, text: `${noun(week, 'workshop')} you run in the next 7 days`, href: '/workshops', none: 'No workshops of yours in the next 7 days' });
    }
  }
  if (a.unsettled_batches) {
    const n = a.unsettled_batches.count;
    out.push({ key: 'unsettled', count: n, text: `${noun(n, 'batch', 'batches')} of campaign email not confirmed as sent`, href: campaignHref(a.unsettled_batches.only_id), none: 'Every batch of campaign email is confirmed' });
  }
  if (a.gaps) {
    const { count, last_week, new_this_week } = a.gaps;
    const fresh = new_this_week > 0 ? ` ${plural(new_this_week, 'gap')} new since last week.` : '';
    out.push({ key: 'gaps', count, text: `${noun(count, 'gap')} against the coverage targets`, href: '/coverage', none: 'No gaps against the coverage targets', detail: `${compared(count, last_week)}.${fresh}` });
  }
  return out;
}
