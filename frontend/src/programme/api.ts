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

/** ProgrammeGoLive is an upcoming go-live date with the organisation's share of
 * staff trained (null where it would show a small number). */
export interface ProgrammeGoLive {
  name: string;
  organisation: string;
  site: string;
  go_live_on: string;
  days_to_go: number;
  trained_percent: number | null;
}

export interface Programme {
  sessions: ProgrammeSession[];
  go_lives?: ProgrammeGoLive[];
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
