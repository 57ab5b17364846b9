// Progress shows a send as it happens: a <progress> bar, the figures, and a live
// region that announces each tenth of the way and the end (not every second).
// It says where the emails went: to SendGrid to deliver, or, with no email
// service set up, to Confer's own outbox, where nobody receives them.
import type { Campaign } from './api';
import { percent, wentToOutbox } from './api';
import { InsetText } from '../components/InsetText';

export function Progress({ c }: { c: Campaign }) {
  const s = c.stats;
  const done = s.sent + s.failed + s.unsettled + s.cancelled;
  const pct = percent(done, s.recipients);
  // Once finished the bar is full, but fewer may have been sent (failed, unconfirmed or
  // cancelled ones are shown below): the words give the count, not "(100%)".
  const finished = c.status === 'sent' || c.status === 'cancelled';
  const outbox = wentToOutbox(c);
  const where = outbox ? 'sent to the outbox' : 'passed to SendGrid to deliver';
  const announce = finished ? `Sending finished: ${s.sent} of ${s.recipients} ${where}.` : `${Math.floor(pct / 10) * 10}% sent.`;
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <label class="nhsuk-label" for="send-progress">
        {s.sent.toLocaleString('en-GB')} of {s.recipients.toLocaleString('en-GB')} emails {where}
        {finished ? '' : ` (${pct}%)`}
      </label>
      <progress id="send-progress" class="app-progress" max={100} value={pct} data-testid="send-progress">
        {pct}%
      </progress>
      <p class="nhsuk-u-visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      {outbox && (
        <InsetText testId="outbox-note">
          <p>
            Sent to the outbox (no email service is set up). Nobody receives these emails: an admin can read them in the outbox. There
            are no delivery, open or click figures.
          </p>
        </InsetText>
      )}
      {s.queued > 0 && <p class="nhsuk-body-s">{s.queued.toLocaleString('en-GB')} still to send.</p>}
      {s.unknown > 0 && (
        <p class="nhsuk-body-s">
          {s.unknown.toLocaleString('en-GB')} were being sent when a sender stopped. Confer is waiting for SendGrid to confirm them and does
          not send them again by itself.
        </p>
      )}
    </section>
  );
}
