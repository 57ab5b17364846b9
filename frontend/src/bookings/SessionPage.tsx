// SessionPage shows one session to its facilitators: its slots with how full
// they are, a form to add a slot, and editing of the session itself.
import '../styles/admin.scss';
import './bookings.scss';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/fields';
import { useFormErrors, type FormError } from '../components/formErrors';
import { Page } from '../components/Page';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { addSlot, categoryLabels, formatLabels, getSession, updateSession, type Session, type SessionInput } from './api';
import { londonToUTC, slotWhen } from './londonTime';
import { SessionForm } from './SessionForm';
import { listOrganisations } from '../organisations/api';
import { orgNames, ruleSentence } from './reserved';

function SlotTable({ session }: { session: Session }) {
  if (session.slots.length === 0) return <p>No times yet. Add the first one below.</p>;
  return (
    <div class="app-table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on small screens)">
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption nhsuk-table__caption--m">Times</caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">When (UK time)</th>
            <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Booked</th>
            <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Waiting</th>
            <th class="nhsuk-table__header" scope="col">Held back now</th>
            <th class="nhsuk-table__header" scope="col">Roster</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          {session.slots.map((s) => (
            <tr class="nhsuk-table__row" key={s.id}>
              <td class="nhsuk-table__cell">
                {slotWhen(s.starts_at, s.ends_at)}
                {s.cancelled && (
                  <>
                    {' '}
                    <strong class="nhsuk-tag nhsuk-tag--grey">Cancelled</strong>
                  </>
                )}
              </td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                {s.confirmed} of {s.capacity}
              </td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{s.waitlisted}</td>
              <td class="nhsuk-table__cell">{s.reserved ? `${s.reserved.remaining} of ${s.reserved.seats} free` : 'None'}</td>
              <td class="nhsuk-table__cell">
                <a href={`/sessions/${session.id}/slots/${s.id}`}>
                  Roster<span class="nhsuk-u-visually-hidden"> for {slotWhen(s.starts_at, s.ends_at)}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddSlot({ session, onAdded }: { session: Session; onAdded(): void }) {
  const [date, setDate] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [capacity, setCapacity] = useState('20');
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState('');
  const form = useFormErrors();

  async function submit(e: Event) {
    e.preventDefault();
    setAdded('');
    const errors: FormError[] = [];
    const startsAt = londonToUTC(date, start);
    const endsAt = londonToUTC(date, end);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.push({ field: 'slot_date', message: 'Enter the date' });
    if (!startsAt) errors.push({ field: 'starts_at', message: 'Enter the start time, like 09:30' });
    if (!endsAt) errors.push({ field: 'ends_at', message: 'Enter the end time, like 10:15' });
    if (!/^\d+$/.test(capacity) || Number(capacity) < 1) errors.push({ field: 'capacity', message: 'Enter the number of places, 1 or more' });
    if (errors.length) return form.setErrors(errors);
    setBusy(true);
    try {
      await addSlot(session.id, { starts_at: startsAt!, ends_at: endsAt!, capacity: Number(capacity) });
      form.clear();
      setAdded(`Added ${slotWhen(startsAt!, endsAt!)}`);
      setStart('');
      setEnd('');
      onAdded();
    } catch (err) {
      form.fail(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2 class="nhsuk-heading-m">Add a time</h2>
      <ErrorSummary errors={form.errors} />
      <div role="status" aria-live="polite">
        {added && <p class="nhsuk-body">{added}</p>}
      </div>
      <TextField id="slot_date" label="Date" type={'date' as 'text'} widthClass="nhsuk-input--width-10" value={date} onValue={setDate} error={form.fieldError('slot_date')} />
      <TextField id="starts_at" label="Start time (UK time)" hint="For example, 09:30" type={'time' as 'text'} widthClass="nhsuk-input--width-10" value={start} onValue={setStart} error={form.fieldError('starts_at')} />
      <TextField id="ends_at" label="End time (UK time)" type={'time' as 'text'} widthClass="nhsuk-input--width-10" value={end} onValue={setEnd} error={form.fieldError('ends_at')} />
      <TextField id="capacity" label="Places" widthClass="nhsuk-input--width-4" value={capacity} onValue={setCapacity} error={form.fieldError('capacity')} />
      <button class="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
        Add time
      </button>
    </form>
  );
}

function SessionView({ id }: { id: string }) {
  const { query } = useLocation();
  const res = useResource(() => getSession(id), [id]);
  const orgs = useResource(listOrganisations, []);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  if (res.error) return <Page title="Session"><LoadError error={res.error} /></Page>;
  if (!res.data) return <Loading />;
  const s = res.data;

  async function save(input: SessionInput) {
    await updateSession(s.id, input);
    setEditing(false);
    setSaved(true);
    res.reload();
  }

  return (
    <Page title={s.title} caption={`${categoryLabels[s.category]} session`} back={{ href: '/sessions', label: 'Back to sessions' }} wide>
      {query.created && !saved && <SuccessBanner heading="Session created. Now add the times people can book." />}
      {saved && <SuccessBanner heading="Session saved" />}
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-two-thirds">
          {editing ? (
            <SessionForm initial={s} submitLabel="Save session" onSubmit={save} />
          ) : (
            <>
              <p>
                {formatLabels[s.format]}: {s.format === 'virtual' ? s.meeting_url : s.location}
              </p>
              {s.description && <p>{s.description}</p>}
              <h2 class="nhsuk-heading-s nhsuk-u-margin-bottom-2">Reserved places</h2>
              <p>{ruleSentence(s, orgNames(orgs.data))}</p>
              {s.can_edit ? (
                <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setEditing(true)}>
                  Edit session
                </button>
              ) : (
                <p class="nhsuk-body-s">You can view this session. Only its facilitators, or an admin, can change it.</p>
              )}
            </>
          )}
        </div>
      </div>
      <SlotTable session={s} />
      {s.can_edit && (
        <div class="nhsuk-grid-row">
          <div class="nhsuk-grid-column-two-thirds">
            <AddSlot session={s} onAdded={res.reload} />
          </div>
        </div>
      )}
    </Page>
  );
}

export default function SessionPage({ id = '' }: { id?: string }) {
  return (
    <RequireRole roles={access.sessions}>
      <SessionView id={id} />
    </RequireRole>
  );
}
