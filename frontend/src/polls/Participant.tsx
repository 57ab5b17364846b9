// Participant is a workshop's phone page, reached by join code with no
// account. It checks the code over HTTP first (a wrong code is answered at
// once, with no socket), keeps the participant token in localStorage (so a
// reconnect or reload is the same person, who cannot vote twice), shows the
// poll the facilitator has opened, sends votes and questions over the live
// socket, and announces results as they change.
import './participant.scss';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { ApiError } from '../api';
import { Page } from '../components/Page';
import { lookupJoinCode, type Question, type Results as R, type RoomState } from './api';
import { Ballot, type Vote } from './Ballot';
import { Profile } from './Profile';
import { Questions } from './Questions';
import { Results } from './Results';
import { connectLive, liveWords, type Frame, type Live, type LiveStatus } from '../components/live';

const tokenKey = (code: string) => `confer.participant.${code}`;

/** Sent is what happened to the participant's latest vote, tied to its poll so
 * that it can never be shown on another one. */
interface Sent {
  poll: number;
  what: 'sending' | 'recorded' | 'changed';
}

const sentText: Record<Sent['what'], string> = {
  sending: 'Sending your answer…',
  recorded: 'Your answer has been recorded',
  changed: 'Your answer has been changed',
};

type MyVote = NonNullable<RoomState['my_vote']>;

export default function Participant() {
  const code = (useRoute().params.code ?? '').toUpperCase().replace(/[\s-]/g, '');
  const [state, setState] = useState<RoomState | null>(null);
  const [results, setResults] = useState<R | null>(null);
  const [questions, setQuestions] = useState<Question[]>([]);
  const [upvoted, setUpvoted] = useState<number[]>([]);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [sent, setSent] = useState<Sent | null>(null);
  const [voteError, setVoteError] = useState('');
  const [qaNotice, setQaNotice] = useState('');
  const [missing, setMissing] = useState('');
  const live = useRef<Live | null>(null);
  const pollRef = useRef<number | undefined>(undefined);
  // The vote on its way, kept until its ack: my_vote changes only once it is stored.
  const pending = useRef<{ vote: MyVote; changing: boolean } | null>(null);
  pollRef.current = state?.poll?.id;

  useEffect(() => {
    // A new poll starts clean: nothing said about an answer to another poll.
    function pollChanged(id: number | undefined) {
      if (id === pollRef.current) return;
      pollRef.current = id;
      pending.current = null;
      setSent(null);
      setVoteError('');
    }
    function onFrame(f: Frame) {
      switch (f.type) {
        case 'hello':
          pollChanged(f.state.poll?.id);
          localStorage.setItem(tokenKey(code), f.participant_token);
          setState(f.state);
          setResults(f.state.results);
          setQuestions(f.state.questions ?? []);
          setUpvoted(f.state.upvoted ?? []);
          break;
        case 'state': {
          const id = f.state.poll?.id;
          pollChanged(id);
          // my_vote is the vote on the current poll only: another poll's is dropped.
          setState((old) => ({ ...old, ...f.state, my_vote: old?.my_vote?.poll_id === id ? old?.my_vote : null }));
          setResults(f.state.results);
          break;
        }
        case 'results':
          // Results of a poll that is no longer on screen may still be on their way.
          if (pollRef.current === f.poll_id) setResults(f as unknown as R);
          break;
        case 'questions':
          setQuestions(f.questions);
          break;
        case 'ack': {
          const p = pending.current;
          if (f.poll_id !== pollRef.current || !p || p.vote.poll_id !== f.poll_id) break;
          pending.current = null;
          setVoteError('');
          setState((old) => old && { ...old, my_vote: p.vote });
          setSent({ poll: f.poll_id, what: p.changing ? 'changed' : 'recorded' });
          break;
        }
        case 'asked':
          setQaNotice('Your question has been sent. It will appear here once the facilitator has approved it');
          break;
        case 'upvoted':
          setUpvoted((u) => [...u, f.question_id]);
          break;
        case 'error':
          if (f.field === 'question_id' || f.field === 'text' || f.field === 'name') setQaNotice(f.error);
          else {
            pending.current = null;
            setSent(null);
            setVoteError(f.error);
          }
      }
    }
    const url = () => {
      const t = localStorage.getItem(tokenKey(code));
      return `/ws/join/${encodeURIComponent(code)}${t ? `?participant_token=${encodeURIComponent(t)}` : ''}`;
    };
    let stopped = false;
    // Check the code over HTTP first: a wrong one is answered at once, and no
    // socket keeps trying to reach a workshop that is not there.
    lookupJoinCode(code).then(
      () => !stopped && (live.current = connectLive(url, { onFrame, onStatus: setStatus })),
      (err) => {
        if (stopped) return;
        if (err instanceof ApiError && err.status === 404) setMissing(`No workshop with code ${code}`);
        else live.current = connectLive(url, { onFrame, onStatus: setStatus }); // the socket retries by itself
      },
    );
    return () => {
      stopped = true;
      live.current?.close();
    };
  }, [code]);

  // send says so beside the form it came from when the socket is down.
  function send(frame: object, fail = setVoteError) {
    const ok = live.current?.send(frame) ?? false;
    if (!ok) fail('You are not connected. Wait a moment and try again');
    return ok;
  }

  function vote(v: Vote) {
    const poll = state?.poll;
    if (!poll) return;
    const changing = state.my_vote?.poll_id === poll.id;
    pending.current = { vote: { poll_id: poll.id, ...v }, changing };
    setSent({ poll: poll.id, what: 'sending' });
    if (!send({ type: 'vote', poll_id: poll.id, client_vote_id: `${Date.now()}-${Math.random()}`, ...v })) setSent(null);
  }

  if (missing) {
    return (
      <Page title={missing}>
        <p>
          Check the code on the presenter's screen and <a href="/join">enter it again</a>.
        </p>
      </Page>
    );
  }
  if (!state) {
    return (
      <Page title="Joining the workshop">
        <p role="status">{liveWords[status]}</p>
      </Page>
    );
  }
  const poll = state.poll;
  const mine = poll && state.my_vote?.poll_id === poll.id ? state.my_vote : null;
  const said = poll && sent?.poll === poll.id ? sentText[sent.what] : '';
  return (
    <Page title={state.workshop.title} caption="Workshop">
      <p class="app-connection" role="status">
        {liveWords[status]}
      </p>
      {!poll && <p>The facilitator has not opened a poll yet. It will appear here.</p>}
      {poll && poll.state === 'open' && <Ballot poll={poll} mine={mine} error={voteError} onVote={vote} />}
      {poll && poll.state !== 'open' && (
        <>
          <h2>{poll.question}</h2>
          <p>This poll has closed.{mine ? ' Your answer was recorded.' : ''}</p>
        </>
      )}
      <div role="status" aria-live="polite" class="app-vote-status">
        {said && <p class="app-vote-status__said">{said}</p>}
      </div>
      {poll && poll.state === 'open' && mine && <p class="nhsuk-hint">You can change your answer until the poll closes.</p>}
      {poll && results && (
        <>
          <h2 class="nhsuk-heading-s">Results</h2>
          <Results poll={poll} results={results} />
        </>
      )}
      <Questions
        questions={questions}
        upvoted={upvoted}
        notice={qaNotice}
        initialName={state.profile?.display_name ?? ''}
        onAsk={(text, anonymous, name) => {
          setQaNotice('');
          return send(anonymous ? { type: 'ask', text, anonymous: true } : { type: 'ask', text, anonymous: false, name }, setQaNotice);
        }}
        onUpvote={(id) => send({ type: 'upvote', question_id: id }, setQaNotice)}
      />
      <Profile initial={state.profile} onSave={(p) => send({ type: 'profile', ...p })} />
    </Page>
  );
}
