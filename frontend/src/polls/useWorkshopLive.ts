// useWorkshopLive follows a workshop over the presenter socket (facilitators
// and admins): the current poll, its results (hidden ones too), every
// question for moderation, and how many people are taking part now. It
// reconnects by itself.
import { useState } from 'preact/hooks';
import type { Question, Results, RoomState } from './api';
import { useLive, type Frame, type LiveStatus } from '../components/live';

export interface WorkshopLive {
  state: RoomState | null;
  results: Results | null;
  approved: Question[];
  all: Question[];
  status: LiveStatus;
  /** participants connected now (null until the first hello) */
  connected: number | null;
}

export function useWorkshopLive(id: number): WorkshopLive {
  const [live, setLive] = useState<Omit<WorkshopLive, 'status'>>({ state: null, results: null, approved: [], all: [], connected: null });
  const status = useLive(`/ws/workshops/${id}`, (f: Frame) =>
    setLive((old) => {
      switch (f.type) {
        case 'hello':
          return { ...old, state: f.state, results: f.state.results, approved: f.state.questions ?? [], all: f.questions_all ?? [], connected: f.connected ?? null };
        case 'state':
          // Hidden results are not in the room's state frame: keep ours for the same poll.
          return { ...old, state: f.state, results: f.state.results ?? (old.results?.poll_id === f.state.poll?.id ? old.results : null) };
        case 'results':
          return old.state?.poll?.id === f.poll_id ? { ...old, results: f as unknown as Results } : old;
        case 'questions':
          return { ...old, approved: f.questions };
        case 'questions_all':
          return { ...old, all: f.questions };
        case 'people':
          return { ...old, connected: f.connected };
      }
      return old;
    }),
  );
  return { ...live, status };
}
