// Typed calls for live workshops: workshops, polls, Q&A moderation (staff), and
// the shapes of the frames the live sockets send (see docs/realtime.md).
import { api, type ID } from '../api';

export type PollKind = 'single' | 'multiple' | 'scale' | 'wordcloud' | 'open' | 'ranking';

export const kindLabels: Record<PollKind, string> = {
  single: 'Single choice',
  multiple: 'Multiple choice',
  scale: 'Rating scale',
  wordcloud: 'Word cloud',
  open: 'Open text',
  ranking: 'Ranking',
};

export interface Poll {
  id: ID;
  workshop_id: ID;
  position: number;
  kind: PollKind;
  question: string;
  options: string[];
  min?: number;
  max?: number;
  min_label?: string;
  max_label?: string;
  state: 'draft' | 'open' | 'closed';
  revealed: boolean;
  /** How many have answered (GET /workshops/:id only): change and delete need 0. */
  votes?: number;
}

export interface Workshop {
  id: ID;
  title: string;
  session_id: ID | null;
  join_code: string;
  join_url: string;
  current_poll_id: ID | null;
  created_at: string;
  polls?: Poll[];
  /** How many have joined (GET /workshops/:id only): a check against a stuffed poll. */
  participant_count?: number;
  /** Whether the caller may change it: its creator, a co-facilitator or an admin. */
  can_edit: boolean;
}

export interface Results {
  poll_id: ID;
  total: number;
  counts: number[];
  mean?: number;
  words?: { text: string; count: number }[];
  mean_ranks?: number[];
  answers?: string[];
}

export interface Question {
  id: ID;
  text: string;
  name: string;
  status: 'pending' | 'approved' | 'hidden';
  highlighted: boolean;
  answered: boolean;
  upvotes: number;
  created_at: string;
}

export interface RoomState {
  workshop: { id: ID; title: string; join_code: string };
  poll: Poll | null;
  results: Results | null;
  // A participant's hello always carries these (my_vote null when they have not voted);
  // state frames carry only workshop, poll and results (docs/realtime.md).
  questions?: Question[];
  my_vote?: { poll_id: ID; choices?: number[]; value?: number; text?: string } | null;
  upvoted?: ID[];
  profile?: { display_name: string; organisation_id: ID | null; staff_group: string };
}

export interface NewPoll {
  kind: PollKind;
  question: string;
  options?: string[];
  min?: number;
  max?: number;
  min_label?: string;
  max_label?: string;
}

export const listWorkshops = () => api.get<Workshop[]>('/workshops');
export const getWorkshop = (id: ID) => api.get<Workshop>(`/workshops/${id}`);
export const createWorkshop = (title: string) => api.post<Workshop>('/workshops', { title });
export const createPoll = (workshop: ID, poll: NewPoll) => api.post<Poll>(`/workshops/${workshop}/polls`, poll);
export const pollAction = (id: ID, action: 'open' | 'close' | 'reveal' | 'hide') => api.post<Poll>(`/polls/${id}/${action}`);
export const nextPoll = (workshop: ID) => api.post<Poll>(`/workshops/${workshop}/next`);
export const updatePoll = (id: ID, poll: NewPoll) => api.patch<Poll>(`/polls/${id}`, poll);
export const deletePoll = (id: ID) => api.del(`/polls/${id}`);
export const duplicatePoll = (id: ID) => api.post<Poll>(`/polls/${id}/duplicate`);
export const reorderPolls = (workshop: ID, pollIds: ID[]) => api.put<Poll[]>(`/workshops/${workshop}/poll-order`, { poll_ids: pollIds });
/** lookupJoinCode checks a join code before the socket opens: 404 "No workshop with code X" for a wrong one. */
export const lookupJoinCode = (code: string) => api.get<{ workshop: RoomState['workshop'] }>(`/join/${encodeURIComponent(code)}`);
export const moderate = (id: ID, action: string) => api.post<Question>(`/questions/${id}/${action}`);
