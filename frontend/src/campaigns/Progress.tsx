// Progress shows a send as it happens: a <progress> bar, the figures, and a live
// region that announces each tenth of the way and the end (not every second).
import type { Campaign } from './api';
import { percent } from './api';

export function Progress({ c }: { c: Campaign }) {
  const s = c.stats;
  const done = s.sent + s.failed + s.unsettled + s.cancelled;
  const pct = percent(done, s.recipients);
  const finished = c.status === 'sent' || c.status === 'cancelled';
  const announce = finished ? `Sending finished: ${s.sent} of ${s.recipients} sent.` : `${Math.floor(pct / 10) * 10}% sent.`;
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <label class="nhsuk-label" for="send-progress">
        {s.sent.toLocaleString('en-GB')} of {s.recipients.toLocaleString('en-GB')} emails handed to SendGrid ({pct}%)
      </label>
      <progress id="send-progress" class="app-progress" max={100} value={pct} data-testid="send-progress">
        {pct}%
      </progress>
      <p class="nhsuk-u-visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      {s.queued > 0 && <p class="nhsuk-body-s">{s.queued.toLocaleString('en-GB')} still to send.</p>}
      {s.unknown > 0 && (
        <p class="nhsuk-body-s">
          {s.unknown.toLocaleString('en-GB')} were in flight when a sender stopped: waiting for SendGrid to confirm them. They will not be
          sent again.
        </p>
      )}
    </section>
  );
}
