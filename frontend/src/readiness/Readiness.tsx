// Readiness lists every go-live milestone, soonest first, with its countdown and
// a one-line status, each leading to its readiness board.
import '../styles/admin.scss';
import './readiness.scss';
import { access } from '../areas';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listReadiness } from './api';
import { countdown, goLiveDay, statusLine } from './words';

function ReadinessList() {
  const list = useResource(listReadiness, []);
  const ms = list.data?.milestones;
  return (
    <Page title="Readiness for go-live" wide>
      <p class="nhsuk-lede-text">How ready each organisation is for its go-live: training against target, and how ready staff say they feel.</p>
      <p>
        Set go-live dates and training targets on <a href="/milestones">go-live milestones</a>, and ask staff how ready they feel with a{' '}
        <a href="/pulses">readiness pulse</a>.
      </p>
      {list.error ? <LoadError error={list.error} /> : null}
      {!ms && list.loading && <Loading />}
      {ms && ms.length === 0 && (
        <p>
          There are no go-live milestones yet. <a href="/milestones/new">Add a milestone</a> with its training targets to see its readiness here.
        </p>
      )}
      {ms && ms.length > 0 && (
        <ul class="app-readiness-list" data-testid="readiness-list">
          {ms.map((m) => (
            <li key={m.id} class="app-readiness-list__item">
              <h2 class="nhsuk-heading-m app-readiness-list__title">
                <a href={`/readiness/${m.id}`}>{m.name}</a>
              </h2>
              <p class="app-readiness-list__org">
                {m.organisation}
                {m.site && `, ${m.site}`}
              </p>
              <p class="app-readiness-list__when">
                <strong>{countdown(m.days_to_go)}</strong>: go-live on {goLiveDay(m.go_live_on)}
              </p>
              <p class="app-readiness-list__status">{statusLine(m)}</p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

export default function Readiness() {
  return (
    <RequireRole roles={access.readiness}>
      <ReadinessList />
    </RequireRole>
  );
}
