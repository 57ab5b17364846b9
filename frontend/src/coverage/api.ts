// Typed calls for coverage, targets, reaching a gap and the evidence pack.
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

/**
 * A count is null when it is hidden: it would show fewer than 5 people, or (when
 * its field is listed as protected) it would let someone work such a count out.
 */
export type Count = number | null;

/** The stages split into verified and self-declared contributions. */
export const splitStages = ['contributed', 'answered'] as const;

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
  /** Hidden fields hidden to protect another count: shown as "not shown". */
  protected_fields: string[];
  /** People matched by email to the contact list in this group (contributed, answered). */
  verified: Partial<Record<Stage, Count>>;
  /** Everyone else: anonymous, workshop participants, a group only stated. */
  self_declared: Partial<Record<Stage, Count>>;
  percent: Record<Stage, number | null>;
  gaps: string[];
  /** The stages at which this group misses a target. */
  flagged_stages: Stage[];
}

export interface CoverageGap {
  organisation_id: ID;
  organisation_name: string;
  staff_group: string;
  stage: Stage;
  category: string;
  target_id: ID;
  text: string;
  /** The gap at a glance: "<group> at <organisation>: 0 of 240 attended a session (target 5%)". */
  headline: string;
  /** Null when it would tell a hidden count. */
  shortfall: number | null;
  /** "verified" when only verified people count towards the target. */
  judged_on: 'verified' | 'all';
  verified: Count;
  self_declared: Count;
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
  /** Totals hidden to protect a cell: "totals.booked", "headcount". */
  protected: string[];
  sources: Partial<Record<Stage, string[]>>;
  targets: Target[];
  organisations: { id: ID; name: string }[];
  /** The stage to show first: the one targets are set on where people have been reached. */
  default_stage: Stage;
  /** Staff groups in ESR order, then the groups outside ESR. */
  staff_groups: string[];
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
export const shown = (n: Count, isProtected = false) =>
  n !== null ? String(n) : isProtected ? 'not shown' : 'fewer than 5';

/** shownField writes one of a cell's counts ("headcount", a stage, "verified.contributed"). */
export const shownField = (c: CoverageCell, field: string, n: Count) => shown(n, c.protected_fields.includes(field));

/** splitWords says how a stage's people divide into verified and self-declared. */
export const splitWords = (c: CoverageCell, s: Stage) =>
  `${shownField(c, `verified.${s}`, c.verified[s] ?? 0)} verified, ${shownField(c, `self_declared.${s}`, c.self_declared[s] ?? 0)} self-declared`;

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
