// Control is the facilitator's page for a running workshop, on a laptop or a
// phone: the join code, the polls (open, close, reveal, hide, next), live
// results, Q&A moderation and the CSV exports.
import '../styles/admin.scss';
import './presenter.scss';
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { ErrorSummary } from '../components/ErrorSummary';
import { useFormErrors } from '../components/formErrors';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { AddPoll } from './AddPoll';
import { getWorkshop, kindLabels, moderate, nextPoll, pollAction, type Poll, type Question } from './api';
import { Results } from './Results';
import { useWorkshopLive } from './useWorkshopLive';

const stateTags: Record<Poll['state'], string> = { draft: 'nhsuk-tag--grey', open: 'nhsuk-tag--green', closed: 'nhsuk-tag--orange' };

function PollRow({ poll, current, act }: { poll: Poll; current: boolean; act(p: Poll, a: 'open' | 'close' | 'reveal' | 'hide'): void }) {
  return (
    <tr class="nhsuk-table__row">
      <td class="nhsuk-table__cell">{poll.position}</td>
      <td class="nhsuk-table__cell">
        {poll.question}
        {current && <strong> (on screen)</strong>}
      </td>
      <td class="nhsuk-table__cell">{kindLabels[poll.kind]}</td>
      <td class="nhsuk-table__cell">
        <strong class={`nhsuk-tag ${stateTags[poll.state]}`}>{poll.state}</strong> {poll.revealed ? 'results shown' : 'results hidden'}
      </td>
      <td class="nhsuk-table__cell">
        <div class="app-button-row">
          {poll.state !== 'open' ? (
            <button class="app-link-button" type="button" onClick={() => act(poll, 'open')}>
              {poll.state === 'closed' ? 'Reopen' : 'Open'}
              <span class="nhsuk-u-visually-hidden"> poll {poll.position}</span>
            </button>
          ) : (
            <button class="app-link-button" type="button" onClick={() => act(poll, 'close')}>
              Close<span class="nhsuk-u-visually-hidden"> poll {poll.position}</span>
            </button>
          )}
          <button class="app-link-button" type="button" onClick={() => act(poll, poll.revealed ? 'hide' : 'reveal')}>
            {poll.revealed ? 'Hide results' : 'Show results'}
            <span class="nhsuk-u-visually-hidden"> of poll {poll.position}</span>
          </button>
        </div>
      </td>
    </tr>
  );
}

function Moderation({ questions, act }: { questions: Question[]; act(q: Question, a: string): void }) {
  if (questions.length === 0) return <p>No questions yet.</p>;
  return (
    <ul class="app-moderation">
      {questions.map((q) => (
        <li key={q.id}>
          <p class="nhsuk-u-margin-bottom-1">
            <strong class={`nhsuk-tag ${q.status === 'approved' ? 'nhsuk-tag--green' : q.status === 'hidden' ? 'nhsuk-tag--grey' : 'nhsuk-tag--yellow'}`}>{q.status}</strong> {q.highlighted && <strong class="nhsuk-tag nhsuk-tag--blue">on screen</strong>} {q.answered && <strong class="nhsuk-tag nhsuk-tag--grey">answered</strong>}
          </p>
          <p class="nhsuk-u-margin-bottom-1">{q.text}</p>
          <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
            {q.name || 'Anonymous'} · {q.upvotes} upvotes
          </p>
          <div class="app-button-row">
            {(q.status !== 'approved' ? ['approve'] : []).concat(q.status !== 'hidden' ? ['hide'] : [], q.highlighted ? ['unhighlight'] : ['highlight'], q.answered ? ['unanswer'] : ['answer']).map((a) => (
              <button class="app-link-button" type="button" key={a} onClick={() => act(q, a)}>
                {{ approve: 'Approve', hide: 'Hide', highlight: 'Show on screen', unhighlight: 'Take off screen', answer: 'Mark answered', unanswer: 'Mark not answered' }[a]}
                <span class="nhsuk-u-visually-hidden"> question: {q.text}</span>
              </button>
            ))}
          </div>
        </li>
      ))}
    </ul>
  );
}

function ControlPage({ id }: { id: number }) {
  const ws = useResource(() => getWorkshop(id), [id]);
  const live = useWorkshopLive(id);
  const form = useFormErrors();
  const [done, setDone] = useState('');

  async function run(what: Promise<unknown>, message: string) {
    try {
      await what;
      form.clear();
      setDone(message);
    } catch (err) {
      form.fail(err);
    }
    ws.reload();
  }

  if (ws.error) return <LoadError error={ws.error} />;
  if (!ws.data) return <Loading />;
  const w = ws.data;
  const current = live.state?.poll ?? null;
  return (
    <Page title={w.title} caption="Workshop control" wide back={{ href: '/workshops', label: 'All workshops' }}>
      <ErrorSummary errors={form.errors} />
      <p class="app-join">
        Join code <strong class="app-join__code">{w.join_code}</strong> at <a href={`/join/${w.join_code}`}>{w.join_url}</a>
      </p>
      {w.participant_count !== undefined && (
        <p>
          {w.participant_count === 1 ? '1 person has' : `${w.participant_count} people have`} joined so far. If that is
          more than are in the room, treat the results with care.
        </p>
      )}
      <p>
        <a href={`/workshops/${id}/present`} target="_blank" rel="noopener">
          Open the presenter view (opens in a new tab)
        </a>
      </p>
      <p role="status" class="app-connection">
        {live.status === 'open' ? 'Live' : 'Connecting…'} {done}
      </p>
      <h2>On screen now</h2>
      {current ? (
        <>
          <p>
            <strong>{current.question}</strong> ({kindLabels[current.kind]}, {current.state}, results {current.revealed ? 'shown' : 'hidden'})
          </p>
          {live.results && <Results poll={current} results={live.results} />}
        </>
      ) : (
        <p>No poll is open yet.</p>
      )}
      <button class="nhsuk-button" type="button" onClick={() => run(nextPoll(id), 'Moved to the next poll.')}>
        Next poll
      </button>
      <h2>Polls</h2>
      {w.polls && w.polls.length > 0 ? (
        <table class="nhsuk-table">
          <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Polls in this workshop</caption>
          <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">
              {['No.', 'Question', 'Kind', 'State', 'Actions'].map((h) => (
                <th class="nhsuk-table__header" scope="col" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            {w.polls.map((p) => (
              <PollRow poll={p} current={p.id === current?.id} key={p.id} act={(poll, a) => run(pollAction(poll.id, a), `Poll ${poll.position}: ${a} done.`)} />
            ))}
          </tbody>
        </table>
      ) : (
        <p>Add the polls for this workshop below.</p>
      )}
      <h2>Add a poll</h2>
      <AddPoll workshopId={id} onAdded={() => ws.reload()} />
      <h2>Questions from the audience</h2>
      <Moderation questions={live.all} act={(q, a) => run(moderate(q.id, a), 'Question updated.')} />
      <h2>Export</h2>
      <ul>
        <li>
          <a href={`/api/v1/workshops/${id}/results.csv`} download>
            Download results (CSV)
          </a>
        </li>
        <li>
          <a href={`/api/v1/workshops/${id}/questions.csv`} download>
            Download questions (CSV)
          </a>
        </li>
      </ul>
    </Page>
  );
}

export default function Control() {
  const id = Number(useRoute().params.id);
  return (
    <RequireRole roles={['admin', 'facilitator']}>
      <ControlPage id={id} />
    </RequireRole>
  );
}
