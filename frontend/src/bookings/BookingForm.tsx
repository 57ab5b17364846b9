// BookingForm asks only what coverage needs: name, work email, organisation,
// staff group and job role. It books the time chosen above it, or joins that
// time's waiting list when it is full (or when the places left are held for
// people this person is not).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { EmailField, SelectField, SubmitButton, TextField } from '../components/fields';
import { emailProblem, useSubmit, type FormError } from '../components/formErrors';
import { useResource } from '../components/useResource';
import type { Organisation } from '../organisations/api';
import { book, getSlot, listStaffGroups, type Booking, type BookingInput, type PublicSlot, type Slot } from './api';
import { heldFor, heldNow, heldWaitlistText, onlyHeldLeft, orgNames } from './reserved';
import { InsetText } from '../components/InsetText';
import { CheckboxField } from '../components/choices';

/** unanswered: the booking got no answer from Confer (the network failed, or the server
 * behind the load balancer stopped mid-request: 502, 503, 504). It may have been made. */
export const unanswered = (err: unknown) =>
  err instanceof ApiError && (err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504);

export const mayHaveBooked =
  'We did not get an answer, so your booking may or may not have been made. Check your email for a confirmation before you try again.';

export function validateBooking(b: BookingInput): FormError[] {
  const errors: FormError[] = [];
  if (!b.name.trim()) errors.push({ field: 'name', message: 'Enter your full name' });
  const email = emailProblem(b.email, 'Enter your work email address');
  if (email) errors.push({ field: 'email', message: email });
  if (!b.staff_group) errors.push({ field: 'staff_group', message: 'Select your staff group' });
  if (!b.job_role.trim()) errors.push({ field: 'job_role', message: 'Enter your job role' });
  return errors;
}

// forPeople drops the API's own hint, "(waitlist: true)", from the server's
// 409 message; the rest (who the places are held for, until when) is shown as sent.
const forPeople = (message: string) => message.replace(/\s*\(waitlist: true\)/, '');

function Inset({ children }: { children: ComponentChildren }) {
  return (
    <InsetText>
      <p>{children}</p>
    </InsetText>
  );
}

interface Props {
  /** slot is the chosen time, or null until one is chosen. */
  slot: Slot | null;
  orgs: Organisation[];
  /** picker is the day-and-time choice, inside the form so its error shows in the summary;
   * it gets the form's errors by field. */
  picker: (fieldError: (field: string) => string | undefined) => ComponentChildren;
  /** unchosen is the error to show while no time is chosen: on the day or on the time. */
  unchosen: FormError;
  onBooked(b: Booking): void;
  /** onRefresh passes on the time as it is now, after a refusal. */
  onRefresh(s: PublicSlot): void;
}

export function BookingForm({ slot, orgs, picker, unchosen, onBooked, onRefresh }: Props) {
  const names = orgNames(orgs);
  const groups = useResource(listStaffGroups, []);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [org, setOrg] = useState('');
  const [group, setGroup] = useState('');
  const [role, setRole] = useState('');
  const [hear, setHear] = useState(false);
  // refused: the server said the places left are held for people this person is not.
  const [refused, setRefused] = useState(false);
  const form = useSubmit();
  useEffect(() => setRefused(false), [slot?.id]);
  const full = !!slot && (slot.remaining === 0 || refused);

  // conflict tells "just filled up" from "the places left are held", by asking how many are left now.
  async function conflict(s: Slot, err: ApiError) {
    const now = await getSlot(s.id).catch(() => null);
    if (now) onRefresh(now);
    const held = now ? now.remaining > 0 : heldNow(s) > 0;
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
      hear_outcomes: hear,
    };
    const problems = validateBooking(input);
    if (!slot) problems.unshift(unchosen);
    if (problems.length || !slot) return form.setErrors(problems);
    await form.run(
      async () => onBooked(await book(slot.id, input)),
      (err) =>
        err instanceof ApiError && err.status === 409 && err.field === 'waitlist'
          ? conflict(slot, err)
          : unanswered(err)
            ? form.setErrors([{ message: mayHaveBooked }])
            : form.fail(err),
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={form.errors} />
      {picker(form.fieldError)}
      {slot?.reserved && (refused || onlyHeldLeft(slot)) && (
        <Inset>
          The places left are held for {heldFor(slot.reserved, names)}. {refused ? '' : 'If that is you, book below. '}
          {heldWaitlistText(slot.reserved)}
        </Inset>
      )}
      {full && !refused && <Inset>This time is full. Join the waiting list and you get a place automatically, in order, if one frees up.</Inset>}
      <h2 class="nhsuk-heading-m">Your details</h2>
      <TextField id="name" label="Full name" autoComplete="name" value={name} onValue={setName} error={form.fieldError('name')} />
      <EmailField
        id="email"
        label="Work email address"
        hint="We send your confirmation and private link here"
        value={email}
        onValue={setEmail}
        error={form.fieldError('email')}
      />
      <SelectField
        id="organisation_id"
        label="Organisation"
        hint="If you leave this, we work it out from your email address"
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
      <CheckboxField
        id="hear_outcomes"
        label="Email me when the programme publishes a decision this session informed (optional)"
        checked={hear}
        onChecked={setHear}
      />
      <div class="app-button-row">
        <SubmitButton busy={form.busy}>
          {full ? 'Join the waiting list' : 'Book this time'}
        </SubmitButton>
        {!full && slot && onlyHeldLeft(slot) && (
          <button class="nhsuk-button nhsuk-button--secondary" type="button" disabled={form.busy} onClick={(e) => submit(e, true)}>
            Join the waiting list
          </button>
        )}
      </div>
    </form>
  );
}
