// Typed calls for the readiness board (issue 17): every milestone with a line
// each, one milestone's board, and "Invite them to training".
import { api, type ID } from '../api';

export interface MilestoneSummary {
  id: ID;
  name: string;
  organisation_id: ID;
  organisation: string;
  site: string;
  go_live_on: string;
  days_to_go: number;
  /** when says how far go-live is: "9 weeks before go-live". */
  when: string;
  on_track_groups: number;
  /** groups is the number of staff groups with a target. */
  groups: number;
}

export interface GroupPulse {
  pulse_id: ID | null;
  /** answered is null when withheld (fewer than 5, or hidden to protect another). */
  answered: number | null;
  ready_percent: number | null;
  previous_ready_percent: number | null;
  withheld: boolean;
}

export interface BoardGroup {
  staff_group: string;
  staff: number;
  has_target: boolean;
  target_percent: number | null;
  category: string;
  attended: number;
  attended_percent: number;
  booked: number;
  projected_percent: number;
  still_to_train: number;
  on_track: boolean;
  pulse: GroupPulse;
}

export interface TrainingSlot {
  slot_id: ID;
  session_id: ID;
  title: string;
  category: string;
  staff_groups: string[];
  starts_at: string;
  ends_at: string;
  seats_left: number;
  book_url: string;
}

export interface Board {
  milestone: { id: ID; name: string; organisation_id: ID; organisation: string; site: string; go_live_on: string };
  days_to_go: number;
  when: string;
  groups: BoardGroup[];
  latest_pulse: { id: ID; title: string; closes_at: string; answered: number | null; ready_percent: number | null; withheld: boolean } | null;
  gaps: string[];
  training: TrainingSlot[];
}

export interface Outreach {
  campaign_id: ID;
  url: string;
  training: TrainingSlot[];
  held: { sessions: ID[]; share: number; until: string } | null;
}

export const listReadiness = () => api.get<{ milestones: MilestoneSummary[] }>('/readiness');

export const getBoard = (milestone: ID | string) => api.get<Board>(`/readiness?milestone=${encodeURIComponent(String(milestone))}`);

export const inviteToTraining = (body: { milestone_id: ID; staff_group: string; hold_places: boolean }) =>
  api.post<Outreach>('/readiness/outreach', body);
