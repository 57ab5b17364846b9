// ConfirmNotice tells a booker whose place is held (confirm to keep) to confirm it
// from their email, and by when. Until they do, the joining link goes only to
// that mailbox, so neither this page nor the manage page shows it.
import type { Booking } from './api';
import { releaseWhen } from './londonTime';

/** label heads the callout; a page whose heading already says it passes another. */
export function ConfirmNotice({ booking, label = 'Check your email to confirm' }: { booking: Booking; label?: string }) {
  if (!booking.confirm_by) return null;
  return (
    <div class="nhsuk-warning-callout">
      <h2 class="nhsuk-warning-callout__label">
        <span class="nhsuk-u-visually-hidden">Important: </span>
        {label}
      </h2>
      <p>
        We have sent a link to <strong>{booking.email}</strong>. Open it and confirm by{' '}
        <strong>{releaseWhen(booking.confirm_by)}</strong> (UK time) to keep your {booking.status === 'waitlisted' ? 'place on the waiting list' : 'place'}.
        If you do not, it goes to someone else.
      </p>
      {booking.session.format === 'virtual' && <p>We send the joining link once you have confirmed.</p>}
    </div>
  );
}
