// api.ts types GET /api/v1/home: what needs the signed-in person's attention.
// A part their role may not see is absent.
import { api, type ID } from '../api';

export interface HomeCount {
  count: number;
  /** only_id is set when everything counted belongs to one object, so the link goes to it. */
  only_id: ID | null;
}

export interface HomeTimes {
  today: number;
  week: number;
}

export interface Attention {
  approvals?: HomeCount;
  new_feedback?: HomeCount;
  sessions?: HomeTimes;
  workshops?: HomeTimes & { live: number };
  unsettled_batches?: HomeCount;
  gaps?: { count: number; last_week: number; new_this_week: number };
}

export const getAttention = () => api.get<Attention>('/home');
