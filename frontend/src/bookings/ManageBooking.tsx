// ManageBooking is the page behind a booking's private link: see the booking,
// move it to another time of the same session or of another session in the same
// category, or cancel it. The link is the only key, so this page never needs an
// account.
import './bookings.scss';
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { cancelBooking, categoryLabels, getBooking, moveBooking, type Booking, type Slot } from './api';
import { where } from './BookPage';
import { MoveChoices, type MoveGroup } from './MoveChoices';
import { slotWhen } from './londonTime';
import { ConfirmNotice } from './ConfirmNotice';
import { listOrganisations } from '../organisations/api';
import { orgNames, placesSentence, type OrgNames } from './reserved';
import { SubmitButton } from '../components/fields';
import { InsetText } from '../components/InsetText';

const statusText = (b: Booking) =>
  b.status === 'confirmed'
    ? 'Booked'
    : b.status === 'pending'
      ? 'Held for you: confirm it from your email'
      : b.status === 'waitlisted'
        ? `On the waiting list, number ${b.position}${b.confirm_by ? ' (confirm it from your email)' : ''}`
        : 'Cancelled';

function Details({ b }: { b: Booking }) {
  const rows: [string, string][] = [
    ['Session', b.session.title],
    ['When', `${slotWhen(b.slot.starts_at, b.slot.ends_at)} (UK time)`],
    ['Where', where(b.session)],
    ['Status', statusText(b)],
    ['Name', b.name],
    ['Email', b.email],
  ];
  return (
    <dl class="nhsuk-summary-list">
      {rows.map(([k, v]) => (
        <div class="nhsuk-summary-list__row" key={k}>
          <dt class="nhsuk-summary-list__key">{k}</dt>
          <dd class="nhsuk-summary-list__value">{v}</dd>
        </div>
      ))}
      {b.meeting_url && (
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Join online</dt>
          <dd class="nhsuk-summary-list__value">
            <a href={b.meeting_url}>{b.meeting_url}</a>
          </dd>
        </div>
      )}
    </dl>
  );
}

// canTake: a time of its own session has a place this person may have now.
// Held places count only for someone who qualifies for them (reserved_seat).
const canTake = (b: Booking, s: Slot) => (b.reserved_seat ? s.remaining : (s.open_remaining ?? s.remaining)) > 0;

/** moveGroups lists the times it may move to: its own session's first, then
 * those of each other session in the same category. */
function moveGroups(b: Booking, names: OrgNames): MoveGroup[] {
  const option = (s: Slot) => ({ value: String(s.id), label: slotWhen(s.starts_at, s.ends_at), hint: placesSentence(s, names) });
  const own = (b.alternatives ?? []).filter((s) => canTake(b, s)).map(option);
  const others = (b.other_sessions ?? [])
    .map((o) => ({ title: o.session.title, hint: where(o.session), options: o.slots.filter((s) => s.remaining > 0).map(option) }))
    .filter((g) => g.options.length > 0);
  return [...(own.length ? [{ title: 'This session', options: own }] : []), ...others];
}

function Move({ b, token, names, onDone }: { b: Booking; token: string; names: OrgNames; onDone(b: Booking, msg: string): void }) {
  const groups = moveGroups(b, names);
  const [choice, setChoice] = useState('');
  const form = useSubmit();
  if (groups.length === 0)
    return <p>There are no other times, of this session or another {categoryLabels[b.session.category].toLowerCase()} session, with places you can book.</p>;

  async function submit(e: Event) {
    e.preventDefault();
    if (!choice) return form.setErrors([{ field: 'slot_id', message: 'Select the time you want to move to' }]);
    await form.run(async () => {
      const moved = await moveBooking(token, Number(choice));
      onDone(moved, `Moved to ${moved.session.title}, ${slotWhen(moved.slot.starts_at, moved.slot.ends_at)}. We have emailed you an updated calendar invite.`);
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={form.errors} />
      <MoveChoices
        id="slot_id"
        legend="Move to another time"
        hint={`Another time of this session, or of another ${categoryLabels[b.session.category].toLowerCase()} session. All times are UK time.`}
        groups={groups}
        value={choice}
        onValue={setChoice}
        error={form.fieldError('slot_id')}
      />
      <SubmitButton busy={form.busy} secondary>
        Move booking
      </SubmitButton>
    </form>
  );
}

function Cancel({ token, onDone }: { token: string; onDone(b: Booking, msg: string): void }) {
  const [asking, setAsking] = useState(false);
  const form = useSubmit();
  async function confirm() {
    await form.run(async () => {
      onDone(await cancelBooking(token), 'Your booking is cancelled. We have emailed you to confirm.');
    });
  }
  if (!asking)
    return (
      <button class="nhsuk-button nhsuk-button--warning" type="button" onClick={() => setAsking(true)}>
        Cancel booking
      </button>
    );
  return (
    <div>
      <ErrorSummary errors={form.errors} />
      <p>Are you sure? Your place goes to the next person waiting.</p>
      <div class="app-button-row">
        <button class="nhsuk-button nhsuk-button--warning" type="button" onClick={confirm} disabled={form.busy}>
          Yes, cancel my booking
        </button>
        <button class="app-link-button" type="button" onClick={() => setAsking(false)}>
          No, keep it
        </button>
      </div>
    </div>
  );
}

export default function ManageBooking({ token = '' }: { token?: string }) {
  const res = useResource(() => getBooking(token), [token]);
  const orgs = useResource(listOrganisations, []);
  const [current, setCurrent] = useState<Booking | null>(null);
  const [notice, setNotice] = useState('');
  // After a change, show the answer until the reload (with the new alternatives) catches up.
  const fresh = res.data && current && res.data.slot.id === current.slot.id && res.data.status === current.status;
  const b = current && !fresh ? current : res.data;
  if (res.error)
    return (
      <Page title="Booking not found">
        <p>This link does not match a booking. Check you copied the whole link from the email.</p>
        <p>
          Lost your link? <a href="/bookings/lost-link">Get your booking links by email</a>.
        </p>
        <LoadError error={res.error} />
      </Page>
    );
  if (!b) return <Loading />;
  const done = (nb: Booking, msg: string) => {
    setNotice(msg);
    setCurrent(nb);
    res.reload();
  };
  return (
    <Page title="Your booking">
      <div role="status" aria-live="polite">
        {notice && (
          <InsetText>
            <p>{notice}</p>
          </InsetText>
        )}
      </div>
      <Details b={b} />
      {b.status !== 'cancelled' ? (
        <>
          {b.confirm_by ? (
            <ConfirmNotice booking={b} />
          ) : (
            <Move b={b} token={token} names={orgNames(orgs.data)} onDone={done} key={b.slot.id} />
          )}
          <h2 class="nhsuk-heading-m">Cancel</h2>
          <Cancel token={token} onDone={done} />
        </>
      ) : (
        <p>
          <a href="/book">Book another session</a>
        </p>
      )}
    </Page>
  );
}
