// Sessions lists the engagement sessions for facilitators, with how full each
// one's slots are, and links to create one.
import '../styles/admin.scss';
import './bookings.scss';
import { Page } from '../components/Page';
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
      {list.error ? <LoadError error={list.error} /> : null}
      {!list.data && list.loading && <Loading />}
      {list.data && list.data.length === 0 && <p>There are no sessions yet.</p>}
      {list.data && list.data.length > 0 && (
        <div class="app-table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on small screens)">
          <table class="nhsuk-table">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Engagement sessions</caption>
            <thead class="nhsuk-table__head">
              <tr class="nhsuk-table__row">
                <th class="nhsuk-table__header" scope="col">Title</th>
                <th class="nhsuk-table__header" scope="col">Category</th>
                <th class="nhsuk-table__header" scope="col">Format</th>
                <th class="nhsuk-table__header" scope="col">Next time</th>
                <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Booked</th>
              </tr>
            </thead>
            <tbody class="nhsuk-table__body">
              {list.data.map((s) => {
                const live = s.slots.filter((x) => !x.cancelled);
                const booked = live.reduce((n, x) => n + x.confirmed, 0);
                const seats = live.reduce((n, x) => n + x.capacity, 0);
                return (
                  <tr class="nhsuk-table__row" key={s.id}>
                    <td class="nhsuk-table__cell">
                      <a href={`/sessions/${s.id}`}>{s.title}</a>
                    </td>
                    <td class="nhsuk-table__cell">{categoryLabels[s.category]}</td>
                    <td class="nhsuk-table__cell">{formatLabels[s.format]}</td>
                    <td class="nhsuk-table__cell">{nextSlot(s)}</td>
                    <td class="nhsuk-table__cell nhsuk-table__cell--numeric">
                      {booked} of {seats}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
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
