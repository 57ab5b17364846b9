// Typed calls for the public programme page: what is coming up, where to have
// a say, and what was done with what people said (GET /api/v1/programme).
import { api, type ID } from '../api';

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
  you_said_we_did: {
    post_id: ID;
    channel: string;
    you_said: string;
    we_did: string;
    actioned_at: string;
    /** decisions are the published decisions the post informed. */
    decisions?: { id: ID; title: string; url: string }[];
  }[];
}

export const getProgramme = () => api.get<Programme>('/programme');
