// Roster is one slot's list of people for its facilitators: mark attendance,
// download it as CSV, message the attendees, raise the capacity or cancel.
import '../styles/admin.scss';
import './bookings.scss';
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/fields';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { Table } from '../components/DataTable';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { cancelSlot, getRoster, messageSlot, setAttendance, setCapacity, type Roster as RosterData, type RosterEntry } from './api';
import { TextArea } from '../components/choices';
import { slotWhen } from './londonTime';
import { InsetText } from '../components/InsetText';

const attendanceText = { '': 'Not marked', attended: 'Attended', no_show: 'No-show' };

// rosterStatus says where a booking stands; pending places await the booker's email confirmation.
const rosterStatus = (b: RosterEntry) =>
  b.status === 'waitlisted'
    ? `Waiting list ${b.position}`
    : b.status === 'confirmed'
      ? 'Booked'
      : b.status === 'pending'
        ? 'Held, not yet confirmed'
        : 'Cancelled';

function Row({ b, canEdit, onMarked }: { b: RosterEntry; canEdit: boolean; onMarked(msg: string): void }) {
  const [error, setError] = useState('');
  async function mark(status: 'attended' | 'no_show') {
    try {
      await setAttendance(b.id, status);
      setError('');
      onMarked(`${b.name}: ${attendanceText[status]}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not save');
    }
  }
  return (
    <tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell">
        {b.name}
        <br />
        <span class="nhsuk-body-s">{b.email}</span>
      </td>
      <td class="nhsuk-table__cell">
        {b.job_role}
        <br />
        <span class="nhsuk-body-s">{b.staff_group}</span>
      </td>
      <td class="nhsuk-table__cell">{rosterStatus(b)}</td>
      <td class="nhsuk-table__cell">
        {b.status === 'confirmed' ? (
          <>
            <span>{attendanceText[b.attendance]}</span>
            {canEdit && (
              <div class="app-button-row">
                <button class="app-link-button" type="button" onClick={() => mark('attended')} aria-pressed={b.attendance === 'attended'}>
                  Attended<span class="nhsuk-u-visually-hidden">: {b.name}</span>
                </button>
                <button class="app-link-button" type="button" onClick={() => mark('no_show')} aria-pressed={b.attendance === 'no_show'}>
                  No-show<span class="nhsuk-u-visually-hidden">: {b.name}</span>
                </button>
              </div>
            )}
            {error && <span class="nhsuk-error-message">{error}</span>}
          </>
        ) : (
          '–'
        )}
      </td>
    </tr>
  );
}

function Message({ data, onSent }: { data: RosterData; onSent(msg: string): void }) {
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const form = useSubmit();
  async function submit(e: Event) {
    e.preventDefault();
    const errs = [];
    if (!subject.trim()) errs.push({ field: 'subject', message: 'Enter a subject' });
    if (!message.trim()) errs.push({ field: 'message', message: 'Enter a message' });
    if (errs.length) return form.setErrors(errs);
    await form.run(async () => {
      const r = await messageSlot(data.slot.id, subject.trim(), message.trim());
      setSubject('');
      setMessage('');
      onSent(`Message sent to ${r.recipients} ${r.recipients === 1 ? 'person' : 'people'}`);
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <h2 class="nhsuk-heading-m">Message the people booked</h2>
      <ErrorSummary errors={form.errors} />
      <TextField id="subject" label="Subject" value={subject} onValue={setSubject} error={form.fieldError('subject')} />
      <TextArea id="message" label="Message" value={message} onValue={setMessage} error={form.fieldError('message')} />
      <button class="nhsuk-button nhsuk-button--secondary" type="submit">
        Send message
      </button>
    </form>
  );
}

function Capacity({ data, onSaved }: { data: RosterData; onSaved(msg: string): void }) {
  const [value, setValue] = useState(String(data.slot.capacity));
  const form = useSubmit();
  async function submit(e: Event) {
    e.preventDefault();
    if (!/^\d+$/.test(value)) return form.setErrors([{ field: 'capacity', message: 'Enter a whole number of places' }]);
    await form.run(async () => {
      const s = await setCapacity(data.slot.id, Number(value));
      onSaved(`Places set to ${s.capacity}`);
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <h2 class="nhsuk-heading-m">Places</h2>
      <ErrorSummary errors={form.errors} />
      <TextField id="capacity" label="Number of places" hint="Raising it gives places to the waiting list, in order" widthClass="nhsuk-input--width-4" value={value} onValue={setValue} error={form.fieldError('capacity')} />
      <button class="nhsuk-button nhsuk-button--secondary" type="submit">
        Save places
      </button>
    </form>
  );
}

function RosterView({ slotId, sessionId }: { slotId: string; sessionId: string }) {
  const res = useResource(() => getRoster(slotId), [slotId]);
  const [notice, setNotice] = useState('');
  if (res.error) return <Page title="Roster"><LoadError error={res.error} /></Page>;
  if (!res.data) return <Loading />;
  const d = res.data;
  const done = (msg: string) => {
    setNotice(msg);
    res.reload();
  };
  async function cancel() {
    if (!window.confirm('Cancel this time? Everyone booked is emailed.')) return;
    const r = (await cancelSlot(d.slot.id)) as { bookings_cancelled: number };
    done(`Time cancelled; ${r.bookings_cancelled} people emailed`);
  }
  return (
    <Page title={`Roster: ${slotWhen(d.slot.starts_at, d.slot.ends_at)}`} caption={d.session.title} back={{ href: `/sessions/${sessionId}`, label: 'Back to the session' }} wide>
      <div role="status" aria-live="polite">
        {notice && (
          <InsetText>
            <p>{notice}</p>
          </InsetText>
        )}
      </div>
      <p>
        {d.slot.confirmed} of {d.slot.capacity} places booked, {d.slot.waitlisted} on the waiting list.{' '}
        <a href={`/api/v1/slots/${d.slot.id}/bookings.csv`} download>
          Download the roster (CSV)
        </a>
      </p>
      {d.items.length === 0 ? (
        <p>Nobody has booked yet.</p>
      ) : (
        <Table caption="People booked" headers={['Name', 'Role', 'Status', 'Attendance']}>
          {d.items.map((b) => (
            <Row key={b.id} b={b} canEdit={d.session.can_edit} onMarked={done} />
          ))}
        </Table>
      )}
      {!d.session.can_edit && <p class="nhsuk-body-s">You can view this roster. Only the session's facilitators, or an admin, can change it.</p>}
      {!d.slot.cancelled && d.session.can_edit && (
        <div class="nhsuk-grid-row">
          <div class="nhsuk-grid-column-two-thirds">
            <Message data={d} onSent={done} />
            <Capacity data={d} onSaved={done} key={d.slot.capacity} />
            <h2 class="nhsuk-heading-m">Cancel this time</h2>
            <button class="nhsuk-button nhsuk-button--warning" type="button" onClick={cancel}>
              Cancel this time
            </button>
          </div>
        </div>
      )}
    </Page>
  );
}

export default function Roster({ id = '', slotId = '' }: { id?: string; slotId?: string }) {
  return (
    <RequireRole roles={access.sessions}>
      <RosterView slotId={slotId} sessionId={id} />
    </RequireRole>
  );
}
