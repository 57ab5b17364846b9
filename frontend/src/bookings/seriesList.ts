// seriesList.ts reads a session's series, so its list of times can say which series
// made each time and which go-live milestone it follows.
import { api, type ID } from '../api';
import { weekdayLabels, weekdays, type Weekday } from './seriesRule';

export interface SessionSeries {
  id: ID;
  rrule: string;
  timezone: string;
  milestone_id: ID | null;
  milestone_name: string;
  weeks_before: number | null;
  slot_ids: ID[];
}

export const listSessionSeries = (sessionId: ID | string) =>
  api.get<{ items: SessionSeries[] }>(`/sessions/${sessionId}/series`).then((r) => r.items);

/** ruleDays says a weekly rule's days: "Tuesdays and Thursdays", or "" for another rule. */
export function ruleDays(rrule: string): string {
  const by = /(?:^|;)BYDAY=([A-Z,]+)/.exec(rrule)?.[1];
  if (!by) return '';
  const days = by.split(',').filter((d): d is Weekday => weekdays.includes(d as Weekday)).map((d) => `${weekdayLabels[d]}s`);
  return days.length <= 1 ? (days[0] ?? '') : `${days.slice(0, -1).join(', ')} and ${days.at(-1)}`;
}

/** seriesLabel names a series in the list of times: "Series 1: Tuesdays and Thursdays,
 * tied to Moorside go-live". */
export function seriesLabel(s: SessionSeries, index: number): string {
  const days = ruleDays(s.rrule);
  return `Series ${index + 1}${days ? `: ${days}` : ''}${s.milestone_name ? `, tied to ${s.milestone_name}` : ''}`;
}
