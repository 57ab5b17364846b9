// words.ts holds what the decision pages say about numbers and dates, so the
// team's page and the public one say it the same way: counts withheld below 5
// read "fewer than 5", dates read "Monday 7 December 2026".
import { clock, londonDate, longDay } from '../time';
import type { Count, Decision, DecisionStatus, LinkKind } from './api';

export const statusLabels: Record<DecisionStatus, string> = {
  proposed: 'Proposed',
  decided: 'Decided',
  superseded: 'Superseded',
};
export const statuses = Object.keys(statusLabels) as DecisionStatus[];

export const statusTags: Record<DecisionStatus, string> = {
  proposed: 'nhsuk-tag--blue',
  decided: 'nhsuk-tag--green',
  superseded: 'nhsuk-tag--grey',
};

/** linkKindLabels names each kind of thing a decision can link, as a heading or column says it. */
export const linkKindLabels: Record<LinkKind, string> = {
  post: 'Feedback post',
  theme: 'Theme',
  poll: 'Workshop poll',
  question: 'Workshop question',
  session: 'Engagement session',
};

/** withheld is the smallest count the public may see; smaller ones come as null. */
export const withheld = 5;

/** hiddenSmall says whether the server's words for a withheld count mean it was small
 * ("fewer than 5"), rather than held back so a small one cannot be worked out ("not shown"). */
const hiddenSmall = (text?: string) => !text || /fewer/i.test(text);

/** countWords says a count with its noun ("1 contribution", "12 contributions"); a
 * withheld count (null) reads "fewer than 5 contributions", or "a number of
 * contributions we do not show" when the server's text says "not shown". */
export function countWords(n: Count | undefined, one: string, many: string, text?: string): string {
  if (n === null || n === undefined) return hiddenSmall(text) ? `fewer than ${withheld} ${many}` : `a number of ${many} we do not show`;
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** countCell is a bare count for a table cell: the number, "fewer than 5" or "not shown". */
export function countCell(n: Count | undefined, text?: string): string {
  if (n !== null && n !== undefined) return n.toLocaleString('en-GB');
  return hiddenSmall(text) ? `fewer than ${withheld}` : 'not shown';
}

/** calendarDay reads a "2026-12-07" date as "Monday 7 December 2026", or "" if it is not one.
 * Midday UTC is the same calendar day in London whatever the season. */
export function calendarDay(date: string | null | undefined): string {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return '';
  const d = new Date(`${date}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? '' : longDay(d.toISOString());
}

/** todayInLondon is today's date in London as "2026-12-07", for the form's default. */
export const todayInLondon = londonDate;

/** feedPaths are the register's public feeds. */
export const feedPaths = { rss: '/api/v1/public/decisions.rss', atom: '/api/v1/public/decisions.atom' } as const;

/** feedLinks are the <link rel="alternate"> elements that let a feed reader find the register's feeds. */
export function feedLinks(title: string): { rel: string; type: string; href: string; title: string }[] {
  return [
    { rel: 'alternate', type: 'application/rss+xml', href: feedPaths.rss, title: `${title} (RSS)` },
    { rel: 'alternate', type: 'application/atom+xml', href: feedPaths.atom, title: `${title} (Atom)` },
  ];
}

/** linkSummary counts what a decision links, kind by kind: "2 feedback posts and 1 workshop poll". */
export function linkSummary(d: Pick<Decision, 'links'>): string {
  const links = d.links ?? [];
  const nouns: Record<LinkKind, [string, string]> = {
    post: ['feedback post', 'feedback posts'],
    theme: ['theme', 'themes'],
    poll: ['workshop poll', 'workshop polls'],
    question: ['workshop question', 'workshop questions'],
    session: ['engagement session', 'engagement sessions'],
  };
  const parts = (Object.keys(nouns) as LinkKind[]).flatMap((k) => {
    const n = links.filter((l) => l.kind === k).length;
    return n ? [countWords(n, ...nouns[k])] : [];
  });
  if (parts.length === 0) return 'nothing yet';
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** publishedDay says the London day of a time: "Monday 7 December 2026". */
export function publishedDay(iso: string | null | undefined): string {
  return iso ? longDay(iso) : '';
}

/** when says a time as the NHS writes it: "Monday 7 December 2026 at 2:30pm", in London. */
export const when = (iso: string | null | undefined) => (iso ? `${longDay(iso)} at ${clock(iso)}` : 'Not recorded');
