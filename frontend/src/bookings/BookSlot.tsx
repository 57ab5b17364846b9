// BookSlot is the public booking form for one slot and, once booked, the
// confirmation with the private manage link. It asks only what coverage needs:
// name, work email, organisation, staff group and job role.
import './bookings.scss';
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/fields';
import { useFormErrors, type FormError } from '../components/formErrors';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listOrganisations, type Organisation } from '../organisations/api';
import { book, formatLabels, getSlot, listStaffGroups, type Booking, type BookingInput, type PublicSlot } from './api';
import { slotWhen } from './londonTime';
import { ConfirmNotice } from './ConfirmNotice';
import { heldFor, heldNow, heldWaitlistText, onlyHeldLeft, orgNames, placesSentence, type OrgNames } from './reserved';

export function validateBooking(b: BookingInput): FormError[] {
  const errors: FormError[] = [];
  if (!b.name.trim()) errors.push({ field: 'name', message: 'Enter your full name' });
  if (!b.email.trim()) errors.push({ field: 'email', message: 'Enter your work email address' });
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(b.email.trim()))
    errors.push({ field: 'email', message: 'Enter an email address in the correct format, like name@trust.nhs.uk' });
  if (!b.staff_group) errors.push({ field: 'staff_group', message: 'Select your staff group' });
  if (!b.job_role.trim()) errors.push({ field: 'job_role', message: 'Enter your job role' });
  return errors;
}

function confirmationTitle(b: Booking): string {
  if (b.status === 'pending') return 'Check your email to confirm';
  return b.status === 'waitlisted' ? 'You are on the waiting list' : 'Booking confirmed';
}

function Confirmation({ booking, names }: { booking: Booking; names: OrgNames }) {
  const waitlisted = booking.status === 'waitlisted';
  const pending = !!booking.confirm_by;
  const manage = `/bookings/${booking.manage_token}`;
  return (
    <Page title={confirmationTitle(booking)}>
      {pending && <ConfirmNotice booking={booking} label="Your place is not kept yet" />}
      <div class="nhsuk-panel">
        <h2 class="nhsuk-panel__title">
          {waitlisted ? `Waiting list number ${booking.position}` : pending ? 'Your place is held' : 'You are booked'}
        </h2>
        <div class="nhsuk-panel__body">
          {booking.session.title}
          <br />
          {slotWhen(booking.slot.starts_at, booking.slot.ends_at)}
        </div>
      </div>
      {!pending && (
        <p>
          We have sent {waitlisted ? 'an email' : 'a confirmation and a calendar invite'} to <strong>{booking.email}</strong>.
        </p>
      )}
      {waitlisted && <p>If a place frees up you get it automatically, in order, and we email you.</p>}
      {waitlisted && booking.slot.reserved && !booking.reserved_seat && (
        <p>
          Some places are held for {heldFor(booking.slot.reserved, names)}. If they are still free when the hold ends, they
          go to the waiting list in order.
        </p>
      )}
      {booking.meeting_url && (
        <p>
          Join online: <a href={booking.meeting_url}>{booking.meeting_url}</a>
        </p>
      )}
      <h2 class="nhsuk-heading-m">Change or cancel</h2>
      <p>
        Use your private link to {pending ? 'cancel, or to move once you have confirmed' : 'move to another time or cancel'}. It is
        also in the email. Do not share it.
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

/** HeldNotice tells people, in words, that the places left are held for others
 * until a time, and what the waiting list does for those who cannot take one. */
function HeldNotice({ slot, names, refused }: { slot: PublicSlot; names: OrgNames; refused: boolean }) {
  const r = slot.reserved!;
  return (
    <div class="nhsuk-inset-text">
      <span class="nhsuk-u-visually-hidden">Information: </span>
      <p>
        {refused
          ? `The places left are held for ${heldFor(r, names)}. `
          : `The places left are held for ${heldFor(r, names)}. If that is you, book below. `}
        {heldWaitlistText(r)}
      </p>
    </div>
  );
}

// forPeople drops the API's own hint, "(waitlist: true)", from the server's
// 409 message; the rest (who the places are held for, until when) is shown as sent.
const forPeople = (message: string) => message.replace(/\s*\(waitlist: true\)/, '');

interface FormProps {
  initial: PublicSlot;
  orgs: Organisation[];
  onBooked(b: Booking): void;
}

function BookingForm({ initial, orgs, onBooked }: FormProps) {
  const [slot, setSlot] = useState(initial);
  const names = orgNames(orgs);
  const groups = useResource(listStaffGroups, []);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [org, setOrg] = useState('');
  const [group, setGroup] = useState('');
  const [role, setRole] = useState('');
  const [full, setFull] = useState(slot.remaining === 0);
  // refused: the server said the places left are held for people this person is not.
  const [refused, setRefused] = useState(false);
  const [busy, setBusy] = useState(false);
  const form = useFormErrors();

  // conflict tells "just filled up" from "the places left are held", by asking how many are left now.
  async function conflict(err: ApiError) {
    const now = await getSlot(slot.id).catch(() => null);
    if (now) setSlot(now);
    setFull(true);
    const held = now ? now.remaining > 0 : heldNow(slot) > 0;
    setRefused(held);
    form.setErrors([{ message: held ? forPeople(err.message) : 'This time has just filled up. You can join its waiting list instead.' }]);
  }

  async function submit(e: Event, waitlist = full) {
    e.preventDefault();
    const input: BookingInput = {
      name: name.trim(),
      email: email.trim(),
      organisation_id: org ? Number(org) : null,
      staff_group: group,
      job_role: role.trim(),
      waitlist,
    };
    const problems = validateBooking(input);
    if (problems.length) return form.setErrors(problems);
    setBusy(true);
    try {
      onBooked(await book(slot.id, input));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.field === 'waitlist') await conflict(err);
      else form.fail(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={slot.session.title} caption="Book a session" back={{ href: '/book', label: 'Back to all sessions' }}>
      <dl class="nhsuk-summary-list">
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">When</dt>
          <dd class="nhsuk-summary-list__value">{slotWhen(slot.starts_at, slot.ends_at)} (UK time)</dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Where</dt>
          <dd class="nhsuk-summary-list__value">
            {formatLabels[slot.session.format]}
            {slot.session.location ? `: ${slot.session.location}` : ''}
          </dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Places</dt>
          <dd class="nhsuk-summary-list__value">
            {slot.remaining === 0 ? `Full (${slot.waitlisted} on the waiting list)` : placesSentence(slot, names)}
          </dd>
        </div>
      </dl>
      {slot.session.description && <p>{slot.session.description}</p>}
      {slot.reserved && (refused || onlyHeldLeft(slot)) && <HeldNotice slot={slot} names={names} refused={refused} />}
      {full && !refused && (
        <div class="nhsuk-inset-text">
          <span class="nhsuk-u-visually-hidden">Information: </span>
          <p>This time is full. Join the waiting list and you get a place automatically, in order, if one frees up.</p>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={form.errors} />
        <h2 class="nhsuk-heading-m">Your details</h2>
        <TextField id="name" label="Full name" autoComplete="name" value={name} onValue={setName} error={form.fieldError('name')} />
        <TextField
          id="email"
          label="Work email address"
          hint="We send your confirmation and private link here"
          type="email"
          autoComplete="email"
          spellcheck={false}
          value={email}
          onValue={setEmail}
          error={form.fieldError('email')}
        />
        <SelectField
          id="organisation_id"
          label="Organisation"
          hint="Leave as it is and we work it out from your email address"
          options={[{ value: '', label: 'Choose your organisation' }, ...orgs.map((o) => ({ value: String(o.id), label: o.name }))]}
          value={org}
          onValue={setOrg}
          error={form.fieldError('organisation_id')}
        />
        <SelectField
          id="staff_group"
          label="Staff group"
          options={[{ value: '', label: 'Choose your staff group' }, ...(groups.data ?? []).map((g) => ({ value: g, label: g }))]}
          value={group}
          onValue={setGroup}
          error={form.fieldError('staff_group')}
        />
        <TextField
          id="job_role"
          label="Job role"
          hint="For example, Staff Nurse or Ward Clerk"
          autoComplete="organization-title"
          value={role}
          onValue={setRole}
          error={form.fieldError('job_role')}
        />
        <div class="app-button-row">
          <button class="nhsuk-button" type="submit" disabled={busy}>
            {full ? 'Join the waiting list' : 'Book this session'}
          </button>
          {!full && onlyHeldLeft(slot) && (
            <button class="nhsuk-button nhsuk-button--secondary" type="button" disabled={busy} onClick={(e) => submit(e, true)}>
              Join the waiting list
            </button>
          )}
        </div>
      </form>
    </Page>
  );
}

export default function BookSlot({ id }: { id?: string }) {
  const slot = useResource(() => getSlot(id ?? ''), [id]);
  const orgs = useResource(listOrganisations, []);
  const names = orgNames(orgs.data);
  const [booked, setBooked] = useState<Booking | null>(null);
  if (booked) return <Confirmation booking={booked} names={names} />;
  if (slot.error) return <Page title="Book a session"><LoadError error={slot.error} /></Page>;
  if (!slot.data) return <Loading />;
  if (slot.data.cancelled || new Date(slot.data.starts_at) <= new Date())
    return (
      <Page title="This time cannot be booked" back={{ href: '/book' }}>
        <p>It has been cancelled or has already started.</p>
        <p>
          <a href="/book">Choose another session</a>
        </p>
      </Page>
    );
  return <BookingForm initial={slot.data} orgs={orgs.data ?? []} onBooked={setBooked} />;
}
