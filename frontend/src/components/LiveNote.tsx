// LiveNote is what a live page says about its socket: a line on screen
// (hidden from screen readers, which would hear every reconnect) and a polite
// live region that announces what changed. Announce is the region alone.
import { liveWords, type LiveStatus } from './live';

export function Announce({ text }: { text: string }) {
  return (
    <div class="nhsuk-u-visually-hidden" role="status" aria-live="polite">
      {text}
    </div>
  );
}

/** LiveNote shows open while the socket is open, and the shared status words otherwise. */
export function LiveNote({ status, open, announcement }: { status: LiveStatus; open: string; announcement: string }) {
  return (
    <>
      <p class="app-feedback-live" aria-hidden="true">
        {status === 'open' ? open : liveWords[status]}
      </p>
      <Announce text={announcement} />
    </>
  );
}
