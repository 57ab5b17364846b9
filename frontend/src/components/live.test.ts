import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectLive, reconnectDelay, serviceRestart } from './live';

describe('reconnectDelay', () => {
  it('reconnects within half a second of a 1012 (service restart), whatever the backoff', () => {
    expect(reconnectDelay(serviceRestart, 20_000, () => 0)).toBe(0);
    expect(reconnectDelay(serviceRestart, 20_000, () => 0.999)).toBeLessThan(500);
  });

  it('keeps the backoff, jittered by a quarter either way, for other closes', () => {
    for (const code of [1000, 1001, 1006, 1009, 1011, 1013]) {
      expect(reconnectDelay(code, 4000, () => 0)).toBe(3000);
      expect(reconnectDelay(code, 4000, () => 1)).toBe(5000);
    }
  });

  it('never retries a socket the server refused (1008)', () => {
    expect(reconnectDelay(1008, 1000)).toBeNull();
  });
});

/** FakeSocket stands in for the browser's WebSocket: the test closes it as a server would. */
class FakeSocket {
  static OPEN = 1;
  static made: FakeSocket[] = [];
  readyState = 0;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.made.push(this);
  }
  send() {}
  close() {}
  serverCloses(code: number) {
    this.onclose?.({ code });
  }
}

describe('connectLive', () => {
  beforeEach(() => {
    FakeSocket.made = [];
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reconnects at once after 1012 and does not grow its backoff', () => {
    const live = connectLive('/ws/join/K7PQ2M', { onFrame() {} });
    FakeSocket.made[0].serverCloses(1006); // dropped: the backoff is 1 s ±25% and doubles
    vi.advanceTimersByTime(1250);
    expect(FakeSocket.made).toHaveLength(2);
    FakeSocket.made[1].serverCloses(serviceRestart);
    vi.advanceTimersByTime(500);
    expect(FakeSocket.made).toHaveLength(3);
    FakeSocket.made[2].serverCloses(serviceRestart);
    vi.advanceTimersByTime(500);
    expect(FakeSocket.made).toHaveLength(4);
    FakeSocket.made[3].serverCloses(1006); // the backoff is 2 s now (two restarts did not double it)
    vi.advanceTimersByTime(1499);
    expect(FakeSocket.made).toHaveLength(4);
    vi.advanceTimersByTime(1001);
    expect(FakeSocket.made).toHaveLength(5);
    live.close();
  });

  it('waits its backoff after other closes', () => {
    const live = connectLive('/ws/channels/3', { onFrame() {} });
    FakeSocket.made[0].serverCloses(1001);
    vi.advanceTimersByTime(749);
    expect(FakeSocket.made).toHaveLength(1);
    vi.advanceTimersByTime(501);
    expect(FakeSocket.made).toHaveLength(2);
    live.close();
  });
});
