// Typed calls for /auth/sessions: where the signed-in person is signed in.
import { api, type ID } from '../api';

export interface BrowserSession {
  id: ID;
  /** method is how the session was opened: "link" (emailed link) or "sso". */
  method: 'link' | 'sso';
  device: string;
  created_at: string;
  last_seen_at: string;
  /** current marks the session of this browser. */
  current: boolean;
}

export const listSessions = () => api.get<BrowserSession[]>('/auth/sessions');
export const endSession = (id: ID) => api.del(`/auth/sessions/${id}`);
export const endOtherSessions = () => api.post<{ ended: number }>('/auth/sessions/end-others');
