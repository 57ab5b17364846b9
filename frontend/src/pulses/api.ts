// Typed calls for readiness pulses (issue 17): the comms team's pulses, sending one
// through a campaign, its results and the trend across pulses; and the public answer
// pages behind a personal link and an open link.
import { api, queryString, type ID } from '../api';

export type QuestionKind = 'scale' | 'single' | 'multiple' | 'open';
export type PulseState = 'scheduled' | 'open' | 'closed';

export interface Question {
  id: ID;
  position: number;
  kind: QuestionKind;
  prompt: string;
  options: string[];
  min: number;
  max: number;
  ready_values: number[];
}

export interface Pulse {
  id: ID;
  title: string;
  intro: string;
  milestone_id: ID | null;
  opens_at: string;
  closes_at: string;
  state: PulseState;
  has_open_link: boolean;
  /** open_link_url is shown once, in the answer that made the link. */
  open_link_url?: string;
  questions: Question[];
  campaigns: { id: ID; status: string; name: string }[];
  answered: { personal: number; open: number };
  created_at: string;
}

export interface QuestionInput {
  kind: QuestionKind;
  prompt: string;
  options?: string[];
  min?: number;
  max?: number;
  ready_values?: number[];
}

export interface PulseInput {
  title: string;
  milestone_id?: ID | null;
  intro?: string;
  opens_at: string;
  closes_at: string;
  open_link?: boolean;
  questions: QuestionInput[];
}

export interface SendInput {
  organisation_ids: ID[];
  staff_groups: string[];
  job_roles: string[];
}

export interface Sent {
  campaign_id: ID;
  campaign_status: string;
  approval_needed: boolean;
  message: string;
}

/** Cell is one group's answers; a null count is withheld (its _text says why). */
export interface Cell {
  source: 'personal' | 'open';
  organisation_id?: ID;
  organisation?: string;
  staff_group?: string;
  job_role?: string;
  answered: number | null;
  answered_text: string;
  counts: (number | null)[];
  counts_text: string[];
  ready_percent: number | null;
  withheld: boolean;
}

export interface QuestionResult {
  question_id: ID;
  position: number;
  kind: QuestionKind;
  prompt: string;
  labels: string[];
  headline: boolean;
  overall: Cell[];
  cells: Cell[];
  texts: string[];
}

export interface Results {
  pulse_id: ID;
  questions: QuestionResult[];
}

export interface TrendPoint {
  pulse_id: ID;
  title: string;
  opens_at: string;
  answered: number | null;
  answered_text: string;
  ready_percent: number | null;
  withheld: boolean;
}

export interface Trend {
  points: TrendPoint[];
  summary: string;
}

export const listPulses = () => api.get<{ items: Pulse[] }>('/pulses').then((r) => r.items);
export const getPulse = (id: ID | string) => api.get<Pulse>(`/pulses/${id}`);
export const createPulse = (input: PulseInput) => api.post<Pulse>('/pulses', input);
export const sendPulse = (id: ID, input: SendInput) => api.post<Sent>(`/pulses/${id}/send`, input);
export const newOpenLink = (id: ID) => api.post<{ open_link_url: string }>(`/pulses/${id}/open-link`, {});
export const pulseResults = (id: ID | string) => api.get<Results>(`/pulses/${id}/results`);
export const pulseTrend = (f: { organisation_id?: ID | string; staff_group?: string; milestone?: ID | string }) =>
  api.get<Trend>(`/pulses/trend${queryString(f)}`);

// The public answer pages.

export interface PublicPulse {
  title: string;
  intro: string;
  opens_at: string;
  closes_at: string;
  closes_in_words: string;
  state: PulseState;
  questions: Question[];
}

export interface Answer {
  question_id: ID;
  value?: number;
  values?: number[];
  text?: string;
}

export interface PersonalPage {
  pulse: PublicPulse;
  answers: Answer[];
  answered: boolean;
  organisation: string;
  staff_group: string;
}

export const getPersonal = (token: string) => api.get<PersonalPage>(`/public/pulses/${encodeURIComponent(token)}`);
export const savePersonal = (token: string, answers: Answer[]) =>
  api.put<PersonalPage>(`/public/pulses/${encodeURIComponent(token)}/response`, { answers });
export const getOpen = (token: string) => api.get<{ pulse: PublicPulse }>(`/public/pulses/open/${encodeURIComponent(token)}`);
export const saveOpen = (token: string, body: { organisation_id: ID | null; staff_group: string; job_role: string; answers: Answer[] }) =>
  api.post<{ saved: boolean }>(`/public/pulses/open/${encodeURIComponent(token)}/responses`, body);

/** MilestoneRef is a go-live milestone a pulse may belong to (the milestones area's list). */
export interface MilestoneRef {
  id: ID;
  name: string;
  go_live_on: string;
}
export const listMilestones = () => api.get<{ items: MilestoneRef[] }>('/milestones').then((r) => r.items);
