// Present is the big screen: the join code and QR code, the current poll
// with results that move as votes arrive (when the facilitator shows them),
// and the top audience questions.
import './presenter.scss';
import { useRoute } from 'preact-iso';
import { RequireRole } from '../components/RequireRole';
import { Results } from './Results';
import { useWorkshopLive } from './useWorkshopLive';

function PresentPage({ id }: { id: number }) {
  const live = useWorkshopLive(id);
  const st = live.state;
  if (!st) return <p role="status">Connecting…</p>;
  const poll = st.poll;
  const top = live.approved.filter((q) => !q.answered).slice(0, 5);
  return (
    <div class="app-present">
      <div class="app-present__join">
        <img src={`/api/v1/workshops/${id}/qr.png`} alt={`QR code for the join link, code ${st.workshop.join_code}`} width={160} height={160} />
        <p>
          Join at <strong>{location.host}/join</strong> with code <strong class="app-join__code">{st.workshop.join_code}</strong>
        </p>
      </div>
      <h1 class="app-present__title">{poll ? poll.question : st.workshop.title}</h1>
      {!poll && <p class="app-present__note">Waiting for the first poll.</p>}
      {poll && poll.state !== 'open' && <p class="app-present__note">Voting has closed.</p>}
      {poll && live.results && poll.revealed && <Results poll={poll} results={live.results} big />}
      {poll && live.results && !poll.revealed && (
        <p class="app-present__note" aria-live="polite">
          {live.results.total === 1 ? '1 response' : `${live.results.total} responses`} so far
        </p>
      )}
      <h2>Top questions</h2>
      {top.length === 0 ? (
        <p>No questions yet.</p>
      ) : (
        <ol class="app-present__questions">
          {top.map((q) => (
            <li key={q.id} class={q.highlighted ? 'app-present__question--now' : undefined}>
              {q.highlighted && <strong>Now answering: </strong>}
              {q.text} <span class="app-present__votes">({q.upvotes} {q.upvotes === 1 ? 'upvote' : 'upvotes'})</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export default function Present() {
  const id = Number(useRoute().params.id);
  return (
    <RequireRole roles={['admin', 'facilitator']}>
      <PresentPage id={id} />
    </RequireRole>
  );
}
