// live.ts keeps a websocket to one of the feedback sockets open while a page
// is shown. It reconnects with growing, jittered delays (0.5 s up to 15 s) and
// calls onSync each time the server says hello, so the page refetches and
// misses nothing that happened while it was away.
import { useEffect, useRef, useState } from 'preact/hooks';

export interface Frame {
  type: string;
  [key: string]: unknown;
}

export type LiveState = 'connecting' | 'live' | 'offline';

export function socketURL(path: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${path}`;
}

export function useLive(path: string | null, onFrame: (f: Frame) => void, onSync: () => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const handlers = useRef({ onFrame, onSync });
  handlers.current = { onFrame, onSync };

  useEffect(() => {
    if (!path) return;
    let ws: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = 500;
    let stopped = false;

    const connect = () => {
      setState('connecting');
      ws = new WebSocket(socketURL(path));
      ws.onmessage = (ev) => {
        let frame: Frame;
        try {
          frame = JSON.parse(String(ev.data)) as Frame;
        } catch {
          return;
        }
        if (frame.type === 'hello') {
          delay = 500;
          setState('live');
          handlers.current.onSync();
          return;
        }
        if (frame.type === 'error') {
          stopped = true; // the server will not take this socket: do not retry
          setState('offline');
          return;
        }
        handlers.current.onFrame(frame);
      };
      ws.onclose = () => {
        if (stopped) return;
        setState('offline');
        const wait = delay * (0.75 + Math.random() * 0.5);
        delay = Math.min(delay * 2, 15_000);
        timer = setTimeout(connect, wait);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    };
  }, [path]);
  return state;
}
