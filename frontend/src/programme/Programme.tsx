// Programme is the public page anyone can open: the sessions coming up, the
// channels open for feedback, and what the programme did with what people said.
import './programme.scss';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { formatDate, formatDateTime } from '../time';
import { countdown, goLiveDay } from '../readiness/words';
import { getProgramme, type ProgrammeGoLive, type ProgrammeSession } from './api';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');

export default function Programme() {
  const p = useResource(getProgramme, []);
  return (
    <Page title="Our engagement programme">
      <p class="nhsuk-lede-text">
        Everyone working in or with our integrated care system can help shape it. Come to a session, tell us what you
        think, and see what we did with what you said.
      </p>
      {p.error ? <LoadError error={p.error} /> : null}
      {!p.data && p.loading && <Loading />}
      {p.data && (
        <>
          <h2 id="sessions">Upcoming sessions</h2>
          {p.data.sessions.length === 0 ? (
            <p>No sessions are scheduled at the moment. Check back soon.</p>
          ) : (
            <ul class="nhsuk-list app-programme-list">
              {p.data.sessions.map((s) => (
                <li class="app-programme-item" key={s.slot_id}>
                  <h3 class="nhsuk-heading-s">
                    <a href={`/book/${s.slot_id}`}>{s.title}</a>
                  </h3>
                  <p class="nhsuk-body-s">
                    {formatDateTime(s.starts_at)} · {cap(s.category)} · {cap(s.format)}
                    {s.location ? ` · ${s.location}` : ''}
                  </p>
                  <p class="nhsuk-body-s">{placesLeft(s)}</p>
                </li>
              ))}
            </ul>
          )}
          {(p.data.go_lives ?? []).length > 0 && (
            <>
              <h2 id="go-lives">Go-live dates</h2>
              <ul class="nhsuk-list app-programme-list" data-testid="go-lives">
                {p.data.go_lives!.map((g) => (
                  <li class="app-programme-item" key={`${g.name}-${g.go_live_on}`}>
                    <h3 class="nhsuk-heading-s">
                      {g.organisation}
                      {g.site ? `, ${g.site}` : ''}: {g.name}
                    </h3>
                    <p class="nhsuk-body-s">
                      {goLiveDay(g.go_live_on)} ({countdown(g.days_to_go).toLowerCase()}). {trainedWords(g)}
                    </p>
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2 id="channels">Have your say</h2>
          {p.data.channels.length === 0 ? (
            <p>No feedback channels are open at the moment.</p>
          ) : (
            <ul class="nhsuk-list app-programme-list">
              {p.data.channels.map((c) => (
                <li class="app-programme-item" key={c.id}>
                  <h3 class="nhsuk-heading-s">
                    <a href={`/feedback/channels/${c.id}`}>{c.name}</a>
                  </h3>
                  {c.description && <p class="nhsuk-body-s">{c.description}</p>}
                </li>
              ))}
            </ul>
          )}
          <h2 id="you-said">You said, we did</h2>
          {p.data.you_said_we_did.length === 0 ? (
            <p>Nothing yet: we will publish what we do with your feedback here.</p>
          ) : (
            <ul class="nhsuk-list app-programme-list">
              {p.data.you_said_we_did.map((y) => (
                <li class="app-programme-item" key={y.post_id}>
                  <p>
                    <strong>You said:</strong> {y.you_said}
                  </p>
                  <p>
                    <strong>We did:</strong> {y.we_did}
                  </p>
                  {(y.decisions ?? []).length > 0 && (
                    <p>
                      <strong>{y.decisions!.length === 1 ? 'Decision:' : 'Decisions:'}</strong>{' '}
                      {y.decisions!.map((d, i) => (
                        <span key={d.id}>
                          {i > 0 && ', '}
                          <a href={d.url}>{d.title}</a>
                        </span>
                      ))}
                    </p>
                  )}
                  <p class="nhsuk-body-s">
                    {y.channel}, {formatDate(y.actioned_at)}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <h2 id="decisions">Decisions</h2>
          <p>
            <a href="/decisions/register">See what the programme decided and why</a>, with what people told us before each
            decision. You can follow new decisions by RSS or Atom.
          </p>
        </>
      )}
    </Page>
  );
}

/** placesLeft says how many places are left, and honestly how many are held back. */
export function placesLeft(s: ProgrammeSession): string {
  if (s.seats_left <= 0) return 'Full: join the waiting list';
  const left = `${s.seats_left} ${s.seats_left === 1 ? 'place' : 'places'} left`;
  const held = s.seats_left - s.open_seats_left;
  if (held <= 0 || !s.held_until) return left;
  return `${left}, ${held} of them held for named organisations or staff groups until ${formatDateTime(s.held_until)}`;
}

/** trainedWords says how many staff have been trained for a go-live, or why not. */
export function trainedWords(g: ProgrammeGoLive): string {
  return g.trained_percent === null ? 'Training figures are not shown yet.' : `${g.trained_percent}% of staff trained so far.`;
}
