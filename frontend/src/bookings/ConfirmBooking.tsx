// ConfirmBooking is the page behind the confirm link in a booking email. It asks
// for a click rather than confirming on load, so a mail scanner that opens links
// keeps nobody's place for them.
import './bookings.scss';
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { confirmBooking, type Booking } from './api';
import { slotWhen } from './londonTime';
import { SubmitButton } from '../components/fields';

function Confirmed({ b }: { b: Booking }) {
  const waiting = b.status === 'waitlisted';
  return (
    <Page title={waiting ? 'Your place on the waiting list is confirmed' : 'Booking confirmed'}>
      <div class="nhsuk-panel">
        <h2 class="nhsuk-panel__title">{waiting ? `Waiting list number ${b.position}` : b.session.title}</h2>
        <div class="nhsuk-panel__body">
          {waiting && (
            <>
              {b.session.title}
              <br />
            </>
          )}
          {slotWhen(b.slot.starts_at, b.slot.ends_at)} (UK time)
        </div>
      </div>
      {waiting ? (
        <p>If a place frees up you get it automatically, in order, and we email you.</p>
      ) : (
        <p>We have sent a confirmation and a calendar invite to <strong>{b.email}</strong>.</p>
      )}
      {b.meeting_url && (
        <p>
          Join online: <a href={b.meeting_url}>{b.meeting_url}</a>
        </p>
      )}
      <p>
        To move or cancel, use the private link in our emails about this booking.{' '}
        <a href="/bookings/lost-link">Get your booking links by email</a> if you cannot find it.
      </p>
    </Page>
  );
}

export default function ConfirmBooking({ token = '' }: { token?: string }) {
  const [done, setDone] = useState<Booking | null>(null);
  const form = useSubmit();
  if (done) return <Confirmed b={done} />;

  async function confirm(e: Event) {
    e.preventDefault();
    await form.run(async () => {
      setDone(await confirmBooking(token));
    });
  }

  return (
    <Page title="Confirm your booking">
      <form onSubmit={confirm} noValidate>
        <ErrorSummary errors={form.errors} />
        <p>Confirm that the email address you booked with is yours, and we keep your place.</p>
        <SubmitButton busy={form.busy}>
          Confirm my booking
        </SubmitButton>
      </form>
      <p>
        <a href="/book">See all sessions</a>
      </p>
    </Page>
  );
}
