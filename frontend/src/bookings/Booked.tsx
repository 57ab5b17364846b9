// Booked is the confirmation after booking, at its own address
// (/bookings/:token/confirmed) so a refresh keeps it. Its heading takes focus, so
// screen readers announce it; it offers the booking to Outlook, Google or Apple
// calendars, and the private manage link.
import './bookings.scss';
import { useEffect } from 'preact/hooks';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { calendarFileURL, getBooking, type Booking } from './api';
import { where } from './BookPage';
import { eventDetails, googleCalendarURL, outlookCalendarURL } from './calendarLinks';
import { ConfirmNotice } from './ConfirmNotice';
import { slotWhen } from './londonTime';
import { heldFor, orgNames, type OrgNames } from './reserved';

function title(b: Booking): string {
  if (b.status === 'pending') return 'Check your email to confirm';
  if (b.status === 'waitlisted') return 'You are on the waiting list';
  if (b.status === 'cancelled') return 'This booking is cancelled';
  return 'Booking confirmed';
}

function CalendarLinks({ b, manageURL, token }: { b: Booking; manageURL: string; token: string }) {
  const ev = {
    title: b.session.title,
    start: b.slot.starts_at,
    end: b.slot.ends_at,
    location: b.session.format === 'in_person' ? b.session.location : 'Online',
    details: eventDetails({ description: b.session.description, meetingURL: b.meeting_url, manageURL }),
  };
  return (
    <>
      <h2 class="nhsuk-heading-m">Add it to your calendar</h2>
      <p>We have also emailed you a calendar invite.</p>
      <ul class="nhsuk-list app-calendar-links">
        <li>
          <a href={outlookCalendarURL(ev)} target="_blank" rel="noopener noreferrer">
            Add to Outlook calendar (opens in a new tab)
          </a>
        </li>
        <li>
          <a href={googleCalendarURL(ev)} target="_blank" rel="noopener noreferrer">
            Add to Google Calendar (opens in a new tab)
          </a>
        </li>
        <li>
          <a href={calendarFileURL(token)} download="booking.ics">
            Add to Apple calendar (downloads a calendar file)
          </a>
        </li>
      </ul>
    </>
  );
}

function Confirmation({ b, token, names }: { b: Booking; token: string; names: OrgNames }) {
  const waitlisted = b.status === 'waitlisted';
  const pending = !!b.confirm_by;
  const manage = `/bookings/${token}`;
  return (
    <Page title={title(b)}>
      {pending && <ConfirmNotice booking={b} label="Your place is not kept yet" />}
      <div class="nhsuk-panel">
        <h2 class="nhsuk-panel__title">{waitlisted ? `Waiting list number ${b.position}` : b.session.title}</h2>
        <div class="nhsuk-panel__body">
          {waitlisted && (
            <>
              {b.session.title}
              <br />
            </>
          )}
          {slotWhen(b.slot.starts_at, b.slot.ends_at)} (UK time)
          <br />
          {where(b.session)}
        </div>
      </div>
      {!pending && !waitlisted && (
        <p>
          We have sent a confirmation to <strong>{b.email}</strong>.
        </p>
      )}
      {waitlisted && !pending && (
        <p>
          We have sent an email to <strong>{b.email}</strong>. If a place frees up you get it automatically, in order,
          and we email you.
        </p>
      )}
      {waitlisted && b.slot.reserved && !b.reserved_seat && (
        <p>
          Some places are held for {heldFor(b.slot.reserved, names)}. If they are still free when the hold ends, they go
          to the waiting list in order.
        </p>
      )}
      {b.meeting_url && (
        <p>
          Join online: <a href={b.meeting_url}>{b.meeting_url}</a>
        </p>
      )}
      {b.status === 'confirmed' && <CalendarLinks b={b} token={token} manageURL={`${location.origin}${manage}`} />}
      <h2 class="nhsuk-heading-m">Change or cancel</h2>
      <p>
        Use your private link to {pending ? 'cancel, or to move once you have confirmed' : 'move to another time or cancel'}.
        It is also in the email. Do not share it.
      </p>
      <p>
        <a class="app-manage-link" href={manage}>
          Manage your booking
        </a>
      </p>
      <p>
        <a href="/book">Book another session</a>
      </p>
    </Page>
  );
}

export default function Booked({ token = '' }: { token?: string }) {
  const res = useResource(() => getBooking(token), [token]);
  const orgs = useResource(listOrganisations, []);
  // The heading takes focus on a reload too, not only after the booking form.
  useEffect(() => {
    if (res.data) document.querySelector<HTMLElement>('#maincontent h1')?.focus({ preventScroll: true });
  }, [!!res.data]);
  if (res.error)
    return (
      <Page title="Booking not found">
        <p>
          This link does not match a booking. <a href="/bookings/lost-link">Get your booking links by email</a>.
        </p>
        <LoadError error={res.error} />
      </Page>
    );
  if (!res.data) return <Loading />;
  return <Confirmation b={res.data} token={token} names={orgNames(orgs.data)} />;
}
