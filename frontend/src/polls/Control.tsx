// Control is the facilitator's page for a running workshop, on a laptop or a
// phone: the join code, the polls (open, close, reveal, hide, next; change and
// delete before anyone answers, duplicate, reorder), a preview of the next
// poll, live results, Q&A moderation and the CSV exports. Other facilitators
// may follow a workshop here but see no controls (the server refuses them too).
import '../styles/admin.scss';
import './control.scss';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { ErrorSummary } from '../components/ErrorSummary';
import { useFormErrors } from '../components/formErrors';
import { Page } from '../components/Page';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { AddPoll, EditPoll } from './AddPoll';
import { deletePoll, duplicatePoll, getWorkshop, kindLabels, moderate, nextPoll, pollAction, reorderPolls, type Poll } from './api';
import { Moderation } from './Moderation';
import { PollRow, type RowAction } from './PollRow';
import { Results } from './Results';
import { useWorkshopLive } from './useWorkshopLive';
import { liveWords } from '../components/live';
import { InsetText } from '../components/InsetText';

/** nextOf is the poll "next" opens: the first after the current one, or the first of all. */
export function nextOf(polls: Poll[], currentId: number | null | undefined): Poll | null {
  const cur = polls.find((p) => p.id === currentId);
  if (!cur) return polls[0] ?? null;
  return polls.find((p) => p.position > cur.position) ?? null;
}

const doneText: Record<Exclude<RowAction, 'edit' | 'delete-ask' | 'delete-cancel'>, string> = {
  open: 'opened',
  close: 'closed',
  reveal: 'results shown',
  hide: 'results hidden',
  duplicate: 'duplicated: the copy is just after it',
  delete: 'deleted',
  up: 'moved up',
  down: 'moved down',
};

function ControlPage({ id }: { id: number }) {
  const ws = useResource(() => getWorkshop(id), [id]);
  const live = useWorkshopLive(id);
  const form = useFormErrors();
  const [done, setDone] = useState('');
  const [editing, setEditing] = useState<Poll | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  // What was done is said, and focus goes back to a control of the poll acted
  // on, once the list has reloaded: not while it still shows the old order.
  const said = useRef<string | null>(null);
  const refocus = useRef<{ id: string; afterLoad: boolean } | null>(null);
  useEffect(() => {
    if (said.current !== null) setDone(said.current);
    said.current = null;
    if (refocus.current) refocus.current.afterLoad = false;
  }, [ws.data]);
  useEffect(() => {
    const r = refocus.current;
    const el = r && !r.afterLoad && document.getElementById(r.id);
    if (el) {
      el.focus();
      refocus.current = null;
    }
  });
  const focusNow = (id: string) => (refocus.current = { id, afterLoad: false });
  const focusAfterLoad = (id: string) => (refocus.current = { id, afterLoad: true });

  async function run(what: () => Promise<unknown>, message: string) {
    setDone('');
    try {
      await what();
      form.clear();
      said.current = message;
    } catch (err) {
      refocus.current = null;
      form.fail(err);
    }
    ws.reload();
  }

  if (ws.error) return <LoadError error={ws.error} />;
  if (!ws.data) return <Loading />;
  const w = ws.data;
  const polls = w.polls ?? [];
  const current = live.state?.poll ?? null;
  const next = nextOf(polls, current?.id ?? w.current_poll_id);
  const canEdit = w.can_edit;

  function act(poll: Poll, a: RowAction) {
    const name = `Poll ${poll.position}`;
    switch (a) {
      case 'edit':
        setEditing(poll);
        focusNow('edit-heading');
        return;
      case 'delete-ask':
        setConfirming(poll.id);
        focusNow(`delete-yes-${poll.id}`);
        return;
      case 'delete-cancel':
        setConfirming(null);
        focusNow(`delete-${poll.id}`);
        return;
      case 'delete':
        setConfirming(null);
        focusAfterLoad('polls-heading');
        return run(() => deletePoll(poll.id), `${name} ${doneText[a]}.`);
      case 'duplicate':
        return run(() => duplicatePoll(poll.id), `${name} ${doneText[a]}.`);
      case 'up':
      case 'down': {
        const ids = polls.map((p) => p.id);
        const i = ids.indexOf(poll.id);
        const j = a === 'up' ? i - 1 : i + 1;
        [ids[i], ids[j]] = [ids[j], ids[i]];
        // Keep focus on the moved poll: the same button, or the other one at an end.
        const atEnd = a === 'up' ? j === 0 : j === ids.length - 1;
        focusAfterLoad(`move-${atEnd ? (a === 'up' ? 'down' : 'up') : a}-${poll.id}`);
        return run(() => reorderPolls(id, ids), `"${poll.question}" ${doneText[a]}.`);
      }
      default:
        return run(() => pollAction(poll.id, a), `${name} ${doneText[a]}.`);
    }
  }

  return (
    <Page title={w.title} caption="Workshop control" wide back={{ href: '/workshops', label: 'All workshops' }}>
      <ErrorSummary errors={form.errors} />
      <p>
        Join code <strong class="app-control__code">{w.join_code}</strong> at <a href={`/join/${w.join_code}`}>{w.join_url}</a>
      </p>
      {w.participant_count === 0 && <p>Nobody has joined yet.</p>}
      {!!w.participant_count && (
        <p>
          {w.participant_count === 1 ? '1 person has' : `${w.participant_count} people have`} joined so far. If that is
          more than are in the room, treat the results with care.
        </p>
      )}
      {!canEdit && (
        <InsetText>
          <p>You can follow this workshop, but only its facilitators can run it or change its polls.</p>
        </InsetText>
      )}
      <p>
        <a href={`/workshops/${id}/present`} target="_blank" rel="noopener">
          Open the presenter view (opens in a new tab)
        </a>
      </p>
      <p class="app-control__status" role="status">
        {liveWords[live.status]}
      </p>
      <p role="status" aria-live="polite">
        {done}
      </p>
      <h2>On screen now</h2>
      {current ? (
        <>
          <p>
            <strong>{current.question}</strong> ({kindLabels[current.kind]}, {current.state === 'open' ? 'open' : 'closed'}, results {current.revealed ? 'shown' : 'hidden'})
          </p>
          {live.results && <Results poll={current} results={live.results} />}
        </>
      ) : (
        <p>No poll is on screen yet.</p>
      )}
      {next ? (
        <div class="app-control__next">
          <p>
            Next: <strong>{next.question}</strong> ({kindLabels[next.kind]}
            {next.options.length > 0 && `: ${next.options.join(', ')}`})
          </p>
          {canEdit && (
            <button class="nhsuk-button" type="button" onClick={() => run(() => nextPoll(id), `Poll ${next.position} opened.`)}>
              {current ? 'Open the next poll' : 'Open the first poll'}
            </button>
          )}
        </div>
      ) : (
        polls.length > 0 && current && <p>This is the last poll.</p>
      )}
      <h2 id="polls-heading" tabIndex={-1}>
        Polls
      </h2>
      {polls.length > 0 ? (
        <table role="table" class="nhsuk-table nhsuk-table--responsive app-control__polls">
          <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Polls in this workshop, in the order they are shown</caption>
          <thead role="rowgroup" class="nhsuk-table__head">
            <tr role="row" class="nhsuk-table__row">
              {['No.', 'Question', 'Kind', 'State', ...(canEdit ? ['Actions'] : [])].map((h) => (
                <th role="columnheader" class="nhsuk-table__header" scope="col" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody role="rowgroup" class="nhsuk-table__body">
            {polls.map((p, i) => (
              <PollRow poll={p} key={p.id} current={p.id === current?.id} first={i === 0} last={i === polls.length - 1} canEdit={canEdit} confirming={confirming === p.id} act={act} />
            ))}
          </tbody>
        </table>
      ) : (
        <p>{canEdit ? 'Add the polls for this workshop below.' : 'This workshop has no polls yet.'}</p>
      )}
      {canEdit && editing && (
        <section aria-labelledby="edit-heading">
          <h2 id="edit-heading" tabIndex={-1}>
            Change poll {editing.position}
          </h2>
          <EditPoll
            key={editing.id}
            poll={editing}
            onDone={(saved) => {
              setEditing(null);
              if (saved) {
                focusAfterLoad(`edit-${editing.id}`);
                said.current = `Poll ${editing.position} changed.`;
                ws.reload();
              } else focusNow(`edit-${editing.id}`);
            }}
          />
        </section>
      )}
      {canEdit && (
        <>
          <h2>Add a poll</h2>
          <AddPoll workshopId={id} onAdded={() => ws.reload()} />
        </>
      )}
      <h2>Questions from the audience</h2>
      <Moderation questions={live.all} canEdit={canEdit} act={(q, a) => run(() => moderate(q.id, a), 'Question updated.')} />
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
    <RequireRole roles={access.workshops}>
      <ControlPage id={id} />
    </RequireRole>
  );
}
