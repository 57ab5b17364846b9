// socket.ts keeps one live websocket open: it reconnects by itself with
// exponential backoff (1 s doubling to 20 s, with jitter) whenever the
// connection drops, and the server's hello on each connect brings the page
// back to the full current state.

export type Status = 'connecting' | 'open' | 'reconnecting';

export interface Live {
  send(frame: unknown): boolean;
  close(): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Frame = Record<string, any> & { type: string };

export function connectLive(url: () => string, onFrame: (f: Frame) => void, onStatus: (s: Status) => void): Live {
  let ws: WebSocket | null = null;
  let closed = false;
  let delay = 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function open() {
    onStatus(ws ? 'reconnecting' : 'connecting');
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const sock = new WebSocket(`${proto}//${location.host}${url()}`);
    ws = sock;
    sock.onmessage = (e) => {
      try {
        const f = JSON.parse(e.data as string) as Frame;
        if (f.type === 'hello') {
          delay = 1000;
          onStatus('open');
        }
        onFrame(f);
      } catch {
        // not a frame we understand: ignore it
      }
    };
    sock.onclose = () => {
      if (closed || sock !== ws) return;
      onStatus('reconnecting');
      timer = setTimeout(open, delay * (0.75 + Math.random() / 2));
      delay = Math.min(delay * 2, 20_000);
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
      closed = true;
      clearTimeout(timer);
      ws?.close();
    },
  };
}
