// Sessions lists the engagement sessions for facilitators, with how full each
// one's slots are, and links to create one.
import '../styles/admin.scss';
import './bookings.scss';
import { Page } from '../components/Page';
import { DataTable } from '../components/DataTable';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { categoryLabels, formatLabels, listSessions, type Session } from './api';
import { slotWhen } from './londonTime';

function nextSlot(s: Session): string {
  const now = Date.now();
  const next = s.slots.find((x) => !x.cancelled && new Date(x.starts_at).getTime() > now);
  return next ? slotWhen(next.starts_at, next.ends_at) : 'None';
}

/** booked is a session's confirmed bookings against its places, over the times not cancelled. */
function booked(s: Session): string {
  const live = s.slots.filter((x) => !x.cancelled);
  return `${live.reduce((n, x) => n + x.confirmed, 0)} of ${live.reduce((n, x) => n + x.capacity, 0)}`;
}

function SessionsPage() {
  const list = useResource(listSessions, []);
  return (
    <Page title="Engagement sessions" wide>
      <a class="nhsuk-button" href="/sessions/new">
        Create a session
      </a>
      <p>
        Staff book on the public page: <a href="/book">/book</a>
      </p>
      <p>
        Training for a go-live? Set the date and targets in <a href="/milestones">go-live milestones</a>, then add a series of
        times to a session, tied to that date.
      </p>
      {list.error ? <LoadError error={list.error} /> : null}
      {!list.data && list.loading && <Loading />}
      {list.data && list.data.length === 0 && <p>There are no sessions yet.</p>}
      {list.data && list.data.length > 0 && (
        <DataTable
          caption="Engagement sessions"
          rows={list.data}
          rowKey={(s) => s.id}
          columns={[
            { header: 'Title', cell: (s) => <a href={`/sessions/${s.id}`}>{s.title}</a> },
            { header: 'Category', cell: (s) => categoryLabels[s.category] },
            { header: 'Format', cell: (s) => formatLabels[s.format] },
            { header: 'Next time', cell: nextSlot },
            { header: 'Booked', numeric: true, cell: booked },
          ]}
        />
      )}
    </Page>
  );
}

export default function Sessions() {
  return (
    <RequireRole roles={access.sessions}>
      <SessionsPage />
    </RequireRole>
  );
}
