// presenterKeys drives the big screen from the keyboard or a presentation
// clicker (which sends Page Down, Page Up, and "b" or "." for its blank-screen
// button): full screen, next and previous poll, show and hide results. Each
// action calls the same API as the control page, so the server's rules (only
// the workshop's facilitators and admins) apply as they do there.
import { useEffect, useRef } from 'preact/hooks';
import { ApiError } from '../api';
import { getWorkshop, nextPoll, pollAction, type Poll } from './api';

export type KeyAction = 'fullscreen' | 'next' | 'previous' | 'reveal' | 'hide' | 'toggle' | 'legend' | 'close';

const keys: Record<string, KeyAction> = {
  f: 'fullscreen',
  n: 'next',
  ArrowRight: 'next',
  PageDown: 'next',
  p: 'previous',
  ArrowLeft: 'previous',
  PageUp: 'previous',
  r: 'reveal',
  h: 'hide',
  b: 'toggle',
  '.': 'toggle',
  '?': 'legend',
  Escape: 'close',
};

/** legend lists the keys as the big screen's legend shows them. */
export const legend: [string[], string][] = [
  [['F'], 'Full screen (Esc leaves it)'],
  [['N', '→', 'Page Down'], 'Next poll'],
  [['P', '←', 'Page Up'], 'Previous poll (opens it again)'],
  [['R'], 'Show results'],
  [['H'], 'Hide results'],
  [['B', '.'], 'Show or hide results'],
  [['?'], 'Show or hide these shortcuts'],
];

/** keyAction is what a key press asks for, or null: keys with Ctrl, Alt or
 * Cmd stay the browser's, held keys do not repeat, and typing in a field is
 * typing. */
export function keyAction(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'repeat' | 'target'>): KeyAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey || e.repeat) return null;
  const t = e.target as HTMLElement | null;
  if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return null;
  return keys[e.key.length === 1 ? e.key.toLowerCase() : e.key] ?? null;
}

async function toggleFullscreen(): Promise<string> {
  if (document.fullscreenElement) {
    await document.exitFullscreen();
    return '';
  }
  if (!document.documentElement.requestFullscreen) throw new Error('Full screen is not available in this browser');
  await document.documentElement.requestFullscreen();
  return '';
}

async function previousPoll(workshop: number, current: Poll | null): Promise<void> {
  const polls = [...((await getWorkshop(workshop)).polls ?? [])].sort((a, b) => a.position - b.position || a.id - b.id);
  const at = current ? polls.findIndex((p) => p.id === current.id) : -1;
  if (at <= 0) throw new ApiError(409, 'This is the first poll');
  await pollAction(polls[at - 1].id, 'open');
}

/** run does what an action asks and returns what to tell the facilitator. */
export async function runAction(action: KeyAction, workshop: number, poll: Poll | null): Promise<string> {
  const needPoll = () => {
    if (!poll) throw new ApiError(409, 'No poll is open yet: press N to open the first');
    return poll;
  };
  switch (action) {
    case 'fullscreen':
      return toggleFullscreen();
    case 'next':
      await nextPoll(workshop);
      return 'Next poll';
    case 'previous':
      await previousPoll(workshop, poll);
      return 'Previous poll';
    case 'reveal':
      await pollAction(needPoll().id, 'reveal');
      return 'Results shown';
    case 'hide':
      await pollAction(needPoll().id, 'hide');
      return 'Results hidden';
    case 'toggle': {
      const p = needPoll();
      await pollAction(p.id, p.revealed ? 'hide' : 'reveal');
      return p.revealed ? 'Results hidden' : 'Results shown';
    }
  }
  return '';
}

/** usePresenterKeys listens for the keys on the whole page while it is shown. */
export function usePresenterKeys(workshop: number, poll: Poll | null, tell: (message: string) => void, legendKey: (a: 'legend' | 'close') => void) {
  // The listener is added once; it reads the newest poll through a ref.
  const current = useRef(poll);
  current.current = poll;
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const action = keyAction(e);
      if (!action) return;
      e.preventDefault();
      if (action === 'legend' || action === 'close') return legendKey(action);
      runAction(action, workshop, current.current).then(tell, (err: unknown) =>
        tell(err instanceof Error ? err.message : 'Something went wrong. Try again'),
      );
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [workshop]);
}
