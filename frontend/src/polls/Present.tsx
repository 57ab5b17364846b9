// Present is the big screen for the room, on a projector: the current poll's
// question with its options or results, and beside it how to join (address,
// code and QR code), how many people are taking part and the top audience
// questions. Everything is sized in viewport units so the back row can read
// it and eight options with their results fit a 1280×720 or 1920×1080 screen
// without scrolling. The page has no header or footer (Layout's bare routes);
// the facilitator drives it with keys (presenterKeys.ts).
import './presenter.scss';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { getWorkshop, type Poll, type Question, type Results as R } from './api';
import { KeyLegend } from './KeyLegend';
import { usePresenterKeys } from './presenterKeys';
import { optionLabels, Results } from './Results';
import { useWorkshopLive } from './useWorkshopLive';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** useFlash is a short message for the facilitator after a key, gone after 4 s. */
function useFlash(): [string, (m: string) => void] {
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return [
    message,
    (m: string) => {
      clearTimeout(timer.current);
      setMessage(m);
      timer.current = setTimeout(() => setMessage(''), 4000);
    },
  ];
}

/** usePolls is the workshop's polls in order, reread when the current poll changes. */
function usePolls(id: number, current: number | undefined): Poll[] {
  const [polls, setPolls] = useState<Poll[]>([]);
  useEffect(() => {
    getWorkshop(id).then(
      (w) => setPolls([...(w.polls ?? [])].sort((a, b) => a.position - b.position || a.id - b.id)),
      () => setPolls([]),
    );
  }, [id, current]);
  return polls;
}

function Waiting({ poll, results }: { poll: Poll; results: R | null }) {
  const total = results ? <p class="app-present__total">{plural(results.total, 'response', 'responses')} so far</p> : null;
  if (poll.kind === 'wordcloud' || poll.kind === 'open') {
    return (
      <>
        <p class="app-present__prompt">{poll.kind === 'wordcloud' ? 'Answer with a word or two on your phone.' : 'Answer on your phone.'}</p>
        {total}
      </>
    );
  }
  const names = optionLabels(poll);
  return (
    <>
      {total}
      <div class="app-present__picture">
        <ol class={`app-present__options${poll.kind === 'scale' ? ' app-present__options--scale' : ''}`} style={{ '--rows': names.length }}>
          {names.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ol>
      </div>
    </>
  );
}

function Stage({ poll, results, polls, title }: { poll: Poll | null; results: R | null; polls: Poll[]; title: string }) {
  const at = poll ? polls.findIndex((p) => p.id === poll.id) : -1;
  const text = poll ? poll.question : title;
  const size = text.length > 200 ? ' app-present__question--longest' : text.length > 90 ? ' app-present__question--long' : '';
  return (
    <div class="app-present__stage">
      {poll && (
        <p class="app-present__step">
          {at >= 0 ? `Poll ${at + 1} of ${polls.length}` : 'Poll'}
          {poll.state === 'closed' && <strong> · Voting has closed</strong>}
        </p>
      )}
      <h1 class={`app-present__question${size}`} tabIndex={-1}>
        {text}
      </h1>
      <div class="app-present__body">
        {!poll && <p class="app-present__prompt">Waiting for the first poll.</p>}
        {poll && results && poll.revealed && <Results poll={poll} results={results} big />}
        {poll && !(results && poll.revealed) && <Waiting poll={poll} results={results} />}
      </div>
    </div>
  );
}

/** TopQuestions shows the question being answered and the most upvoted
 * others: three in all, or two beside one being answered (which takes more room). */
function TopQuestions({ questions }: { questions: Question[] }) {
  const open = questions.filter((q) => !q.answered).sort((a, b) => Number(b.highlighted) - Number(a.highlighted));
  const top = open.slice(0, open[0]?.highlighted ? 2 : 3);
  if (top.length === 0) return null;
  return (
    <section class="app-present__questions" aria-labelledby="present-questions">
      <h2 id="present-questions">Top questions</h2>
      <ol>
        {top.map((q) => (
          <li key={q.id} class={q.highlighted ? 'app-present__question-now' : undefined}>
            {q.highlighted && <strong>Now answering: </strong>}
            {q.text} <span class="app-present__votes">({plural(q.upvotes, 'upvote', 'upvotes')})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function JoinPanel({ id, code, connected, questions }: { id: number; code: string; connected: number | null; questions: Question[] }) {
  return (
    <section class="app-present__side" aria-label="How to join">
      <p class="app-present__join">
        Join at <strong class="app-present__address">{location.host}/join</strong>
        <span class="app-present__code-line">
          with code <strong class="app-present__code">{code}</strong>
        </span>
      </p>
      <img class="app-present__qr" src={`/api/v1/workshops/${id}/qr.png?size=512`} alt={`QR code for the join link, code ${code}`} width={512} height={512} />
      {connected !== null && (
        <p class="app-present__people">
          <strong class="app-present__people-count">{connected.toLocaleString('en-GB')}</strong> {connected === 1 ? 'person' : 'people'} taking part
        </p>
      )}
      <TopQuestions questions={questions} />
    </section>
  );
}

function PresentPage({ id }: { id: number }) {
  const live = useWorkshopLive(id);
  const st = live.state;
  const poll = st?.poll ?? null;
  const polls = usePolls(id, poll?.id);
  const [flash, tell] = useFlash();
  const [legendOpen, setLegendOpen] = useState(false);
  usePresenterKeys(id, poll, tell, (a) => setLegendOpen((open) => a === 'legend' && !open));
  useEffect(() => {
    if (st) document.title = `Presenting: ${st.workshop.title} – Confer`;
  }, [st?.workshop.title]);

  if (!st) return <p role="status">Connecting…</p>;
  return (
    <div class="app-present">
      <Stage poll={poll} results={live.results} polls={polls} title={st.workshop.title} />
      <JoinPanel id={id} code={st.workshop.join_code} connected={live.connected} questions={live.approved} />
      <p class="app-present__flash" role="status">
        {flash}
      </p>
      <KeyLegend open={legendOpen} toggle={() => setLegendOpen((o) => !o)} />
    </div>
  );
}

export default function Present() {
  const id = Number(useRoute().params.id);
  return (
    <RequireRole roles={access.workshops}>
      <PresentPage id={id} />
    </RequireRole>
  );
}
