// live.ts is the SPA's one live websocket: every page that follows something
// live (a workshop, a feedback channel, the triage queue, a follow-up link)
// opens it here, so all of them reconnect the same way and say the same words.
//
// Backoff: 1 s doubling to 20 s, each wait jittered by ±25%, reset by the
// server's hello, so a room of 200 phones does not come back in one burst.
// A socket the server cannot serve at all (no such channel, a wrong token)
// closes with 1008 (policy violation): it is not retried. An instance that is
// shutting down closes with 1012 (service restart) once the balancer has
// stopped sending it new clients: we reconnect at once (0–500 ms of jitter,
// no backoff) and land on another instance. An error frame before the hello
// only says why the server is closing, so pages do not see it. Every hello
// brings the full current state (or tells the page to refetch), so nothing
// missed while away is lost.
import { useEffect, useRef, useState } from 'preact/hooks';

/** LiveStatus is where the socket is; liveWords says it to people. */
export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'refused';

export const liveWords: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Connection lost. Reconnecting…',
  refused: '',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Frame = Record<string, any> & { type: string };

export interface Live {
  /** send writes a frame if the socket is open, and says whether it did. */
  send(frame: unknown): boolean;
  close(): void;
}

export interface LiveHandlers {
  onFrame(f: Frame): void;
  onStatus?(s: LiveStatus): void;
  /** onHello, when given, is called for each hello instead of onFrame: for pages that refetch on every connect. */
  onHello?(): void;
}

const firstDelay = 1000;
const maxDelay = 20_000;
const policyViolation = 1008;
/** serviceRestart is the close code of an instance that is shutting down: reconnect now (docs/realtime.md). */
export const serviceRestart = 1012;
const restartJitter = 500;

/** reconnectDelay is how long to wait before reconnecting after a close with code:
 * null for never (1008: this socket cannot be served), 0–500 ms after 1012,
 * else the current backoff ±25%. */
export function reconnectDelay(code: number, backoff: number, random: () => number = Math.random): number | null {
  if (code === policyViolation) return null;
  if (code === serviceRestart) return random() * restartJitter;
  return backoff * (0.75 + random() / 2);
}

/** connectLive opens path (a function for a URL that changes, such as one carrying a token) and keeps it open. */
export function connectLive(path: string | (() => string), h: LiveHandlers): Live {
  let ws: WebSocket | null = null;
  let stopped = false;
  let delay = firstDelay;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function open() {
    h.onStatus?.(ws ? 'reconnecting' : 'connecting');
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const sock = new WebSocket(`${proto}//${location.host}${typeof path === 'string' ? path : path()}`);
    let greeted = false;
    ws = sock;
    sock.onmessage = (e) => {
      let f: Frame;
      try {
        f = JSON.parse(String(e.data)) as Frame;
      } catch {
        return; // not a frame we understand: ignore it
      }
      if (f.type === 'hello') {
        greeted = true;
        delay = firstDelay;
        h.onStatus?.('open');
        if (h.onHello) h.onHello();
        else h.onFrame(f);
      } else if (f.type !== 'error' || greeted) {
        h.onFrame(f);
      }
    };
    sock.onclose = (e) => {
      if (stopped || sock !== ws) return;
      const wait = reconnectDelay(e.code, delay);
      if (wait === null) {
        stopped = true;
        h.onStatus?.('refused');
        return;
      }
      h.onStatus?.('reconnecting');
      timer = setTimeout(open, wait);
      // A restart is no sign of trouble: the backoff grows only for other closes.
      if (e.code !== serviceRestart) delay = Math.min(delay * 2, maxDelay);
    };
  }
  open();
  return {
    send(frame) {
      if (ws?.readyState !== WebSocket.OPEN) return false;
      ws.send(JSON.stringify(frame));
      return true;
    },
    close() {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    },
  };
}

/** useLive keeps path open while the page is shown (none while path is null) and returns its status.
 * The handlers may change between renders; the socket stays. */
export function useLive(path: string | null, onFrame: (f: Frame) => void, onHello?: () => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const handlers = useRef({ onFrame, onHello });
  handlers.current = { onFrame, onHello };
  useEffect(() => {
    if (!path) return;
    const live = connectLive(path, {
      onFrame: (f) => handlers.current.onFrame(f),
      onHello: handlers.current.onHello && (() => handlers.current.onHello?.()),
      onStatus: setStatus,
    });
    return () => live.close();
  }, [path]);
  return status;
}
