// Typed calls for coverage, targets, reaching a gap, the evidence pack and the
// public programme.
import { api, queryString, type ID } from '../api';

export const stages = ['reached', 'booked', 'attended', 'contributed', 'answered'] as const;
export type Stage = (typeof stages)[number];

export const stageLabels: Record<Stage, string> = {
  reached: 'Reached',
  booked: 'Booked',
  attended: 'Attended',
  contributed: 'Contributed',
  answered: 'Answered',
};

export const stageHints: Record<Stage, string> = {
  reached: 'sent a campaign email',
  booked: 'booked a session',
  attended: 'attended a session',
  contributed: 'posted feedback, voted or asked in a workshop',
  answered: 'had a reply or an action on what they raised',
};

export const categories = ['clinical', 'operational', 'technical'] as const;

/** A count is null when it would show fewer than 5 people. */
export type Count = number | null;

export interface CoverageCell {
  organisation_id: ID;
  organisation_name: string;
  staff_group: string;
  headcount: Count;
  reached: Count;
  booked: Count;
  attended: Count;
  contributed: Count;
  answered: Count;
  flagged: boolean;
  suppressed: boolean;
  suppressed_fields: string[];
  percent: Record<Stage, number | null>;
  gaps: string[];
}

export interface CoverageGap {
  organisation_id: ID;
  organisation_name: string;
  staff_group: string;
  stage: Stage;
  category: string;
  target_id: ID;
  text: string;
  shortfall: number;
}

export interface Target {
  id?: ID;
  stage: Stage;
  category: string;
  organisation_id: ID | null;
  staff_group: string;
  min_percent: number;
  min_count: number;
}

export interface Coverage {
  category: string;
  from: string | null;
  to: string | null;
  cells: CoverageCell[];
  gaps: CoverageGap[];
  totals: Record<Stage, Count>;
  headcount: Count;
  sources: Partial<Record<Stage, string[]>>;
  targets: Target[];
  organisations: { id: ID; name: string }[];
}

export interface CoverageQuery {
  category?: string;
  from?: string;
  to?: string;
}

export const getCoverage = (q: CoverageQuery) => api.get<Coverage>(`/coverage${queryString({ ...q })}`);
export const listTargets = () => api.get<Target[]>('/coverage/targets');
export const saveTargets = (targets: Target[]) => api.put<Target[]>('/coverage/targets', { targets });
export const reachGap = (cell: { organisation_id: ID; staff_group: string; stage?: string; category?: string }) =>
  api.post<{ campaign_id: ID; url: string }>('/coverage/reach', cell);

/** evidenceURL is the pack (zip) or its printable report for a period. */
export const evidenceURL = (kind: 'zip' | 'report', q: CoverageQuery) =>
  `/api/v1/evidence-pack${kind === 'report' ? '/report' : ''}${queryString({ from: q.from, to: q.to })}`;

/** shown writes a count as people may see it. */
export const shown = (n: Count) => (n === null ? 'fewer than 5' : String(n));

export const cellCount = (c: CoverageCell, s: Stage): Count => c[s];

export interface CampaignDraft {
  id: ID;
  name: string;
  subject: string;
  body_markdown: string;
  status: string;
  audience: { organisation_ids: ID[]; staff_groups: string[]; job_roles: string[] };
}

export const getCampaign = (id: ID | string) => api.get<CampaignDraft>(`/campaigns/${id}`);

export interface ProgrammeSession {
  session_id: ID;
  slot_id: ID;
  title: string;
  description: string;
  category: string;
  format: string;
  location: string;
  starts_at: string;
  ends_at: string;
  seats_left: number;
  open_seats_left: number;
  held_until: string | null;
}

export interface Programme {
  sessions: ProgrammeSession[];
  channels: { id: ID; name: string; description: string; audience: string }[];
  you_said_we_did: { post_id: ID; channel: string; you_said: string; we_did: string; actioned_at: string }[];
}

export const getProgramme = () => api.get<Programme>('/programme');
