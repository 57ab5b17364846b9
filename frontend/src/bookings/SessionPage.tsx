// SessionPage shows one session to its facilitators: its slots with how full
// they are, a form to add a slot, and editing of the session itself.
import '../styles/admin.scss';
import './bookings.scss';
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ErrorSummary } from '../components/ErrorSummary';
import { SubmitButton, TextField } from '../components/fields';
import { useSubmit, type FormError } from '../components/formErrors';
import { Page } from '../components/Page';
import { DataTable } from '../components/DataTable';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { addSlot, categoryLabels, formatLabels, getSession, updateSession, type Session, type SessionInput, type Slot } from './api';
import { londonToUTC, slotWhen } from './londonTime';
import { SessionForm } from './SessionForm';
import { listOrganisations } from '../organisations/api';
import { orgNames, ruleSentence } from './reserved';
import { listSessionSeries, seriesLabel, type SessionSeries } from './seriesList';
import { SeriesForm } from './SeriesForm';

function SlotTable({ session, series }: { session: Session; series: SessionSeries[] }) {
  if (session.slots.length === 0) return <p>No times yet. Add the first one below.</p>;
  const when = (s: Slot) => slotWhen(s.starts_at, s.ends_at);
  const seriesOf = (s: Slot) => series.findIndex((x) => x.slot_ids.includes(s.id));
  return (
    <DataTable
      caption="Times"
      captionSize="m"
      rows={session.slots}
      rowKey={(s) => s.id}
      columns={[
        {
          header: 'When (UK time)',
          cell: (s) => (
            <>
              {when(s)}
              {s.cancelled && (
                <>
                  {' '}
                  <strong class="nhsuk-tag nhsuk-tag--grey">Cancelled</strong>
                </>
              )}
            </>
          ),
        },
        ...(series.length > 0
          ? [{ header: 'Series', cell: (s: Slot) => (seriesOf(s) < 0 ? 'Single time' : seriesLabel(series[seriesOf(s)], seriesOf(s))) }]
          : []),
        { header: 'Booked', numeric: true, cell: (s) => `${s.confirmed} of ${s.capacity}` },
        { header: 'Waiting', numeric: true, cell: (s) => s.waitlisted },
        { header: 'Held back now', cell: (s) => (s.reserved ? `${s.reserved.remaining} of ${s.reserved.seats} free` : 'None') },
        {
          header: 'Roster',
          cell: (s) => (
            <a href={`/sessions/${session.id}/slots/${s.id}`}>
              Roster<span class="nhsuk-u-visually-hidden"> for {when(s)}</span>
            </a>
          ),
        },
      ]}
    />
  );
}

function AddSlot({ session, onAdded }: { session: Session; onAdded(): void }) {
  const [date, setDate] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [capacity, setCapacity] = useState('20');
  const [added, setAdded] = useState('');
  const form = useSubmit();

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
    await form.run(async () => {
      await addSlot(session.id, { starts_at: startsAt!, ends_at: endsAt!, capacity: Number(capacity) });
      setAdded(`Added ${slotWhen(startsAt!, endsAt!)}`);
      setStart('');
      setEnd('');
      onAdded();
    });
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
      <SubmitButton busy={form.busy} secondary>
        Add time
      </SubmitButton>
    </form>
  );
}

function SessionView({ id }: { id: string }) {
  const { query } = useLocation();
  const res = useResource(() => getSession(id), [id]);
  const series = useResource(() => listSessionSeries(id), [id]);
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
      <SlotTable session={s} series={series.data ?? []} />
      {s.can_edit && (
        <div class="nhsuk-grid-row">
          <div class="nhsuk-grid-column-two-thirds">
            <AddSlot session={s} onAdded={res.reload} />
            <SeriesForm
              session={s}
              onAdded={() => {
                res.reload();
                series.reload();
              }}
            />
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
