// Participant is a workshop's phone page, reached by join code with no
// account. It keeps the participant token in localStorage (so a reconnect or
// reload is the same person, who cannot vote twice), shows the poll the
// facilitator has opened, sends votes and questions over the live socket, and
// announces results as they change.
import './participant.scss';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { Page } from '../components/Page';
import type { Question, Results as R, RoomState } from './api';
import { Ballot, type Vote } from './Ballot';
import { Profile } from './Profile';
import { Questions } from './Questions';
import { Results } from './Results';
import { connectLive, type Frame, type Live, type Status } from './socket';

const tokenKey = (code: string) => `confer.participant.${code}`;

function statusText(s: Status): string {
  return s === 'open' ? 'Connected' : s === 'connecting' ? 'Connecting…' : 'Connection lost. Reconnecting…';
}

export default function Participant() {
  const code = (useRoute().params.code ?? '').toUpperCase();
  const [state, setState] = useState<RoomState | null>(null);
  const [results, setResults] = useState<R | null>(null);
  const [questions, setQuestions] = useState<Question[]>([]);
  const [upvoted, setUpvoted] = useState<number[]>([]);
  const [status, setStatus] = useState<Status>('connecting');
  const [notice, setNotice] = useState('');
  const [voteError, setVoteError] = useState('');
  const [qaNotice, setQaNotice] = useState('');
  const [missing, setMissing] = useState(false);
  const live = useRef<Live | null>(null);
  const pollRef = useRef<number | undefined>(undefined);
  pollRef.current = state?.poll?.id;

  useEffect(() => {
    let opened = false;
    function onFrame(f: Frame) {
      switch (f.type) {
        case 'hello':
          opened = true;
          pollRef.current = f.state.poll?.id;
          localStorage.setItem(tokenKey(code), f.participant_token);
          setState(f.state);
          setResults(f.state.results);
          setQuestions(f.state.questions ?? []);
          setUpvoted(f.state.upvoted ?? []);
          break;
        case 'state':
          pollRef.current = f.state.poll?.id;
          setState((old) => (old ? { ...old, ...f.state, my_vote: old.my_vote } : f.state));
          setResults(f.state.results);
          if (f.state.poll?.state !== 'open') setNotice('');
          break;
        case 'results':
          // Results of a poll that is no longer on screen may still be on their way.
          if (pollRef.current === f.poll_id) setResults(f as unknown as R);
          break;
        case 'questions':
          setQuestions(f.questions);
          break;
        case 'ack':
          setVoteError('');
          setNotice('Your answer has been recorded');
          break;
        case 'asked':
          setQaNotice('Question sent. It will appear here once the facilitator has read it');
          break;
        case 'upvoted':
          setUpvoted((u) => [...u, f.question_id]);
          break;
        case 'error':
          if (f.field === 'question_id' || f.field === 'text') setQaNotice(f.error);
          else {
            setNotice('');
            setVoteError(f.error);
          }
      }
    }
    const url = () => {
      const t = localStorage.getItem(tokenKey(code));
      return `/ws/join/${encodeURIComponent(code)}${t ? `?participant_token=${encodeURIComponent(t)}` : ''}`;
    };
    live.current = connectLive(url, onFrame, setStatus);
    // A wrong code never says hello: after a few seconds, say so.
    const check = setTimeout(() => {
      if (!opened) setMissing(true);
    }, 6000);
    return () => {
      clearTimeout(check);
      live.current?.close();
    };
  }, [code]);

  function send(frame: object) {
    if (!live.current?.send(frame)) setVoteError('You are not connected. Wait a moment and try again');
  }

  function vote(v: Vote) {
    if (!state?.poll) return;
    setNotice('Sending…');
    setState({ ...state, my_vote: { poll_id: state.poll.id, ...v } });
    send({ type: 'vote', poll_id: state.poll.id, client_vote_id: `${Date.now()}-${Math.random()}`, ...v });
  }

  if (!state) {
    return (
      <Page title={missing ? 'Workshop not found' : 'Joining the workshop'}>
        {missing ? (
          <p>
            Check the join code {code} on the screen and <a href="/join">try again</a>.
          </p>
        ) : (
          <p role="status">{statusText(status)}</p>
        )}
      </Page>
    );
  }
  const poll = state.poll;
  return (
    <Page title={state.workshop.title} caption="Workshop">
      <p class="app-connection" role="status">
        {statusText(status)}
      </p>
      {!poll && <p>The facilitator has not opened a poll yet. It will appear here.</p>}
      {poll && poll.state === 'open' && <Ballot poll={poll} mine={state.my_vote} error={voteError} onVote={vote} />}
      {poll && poll.state !== 'open' && (
        <>
          <h2>{poll.question}</h2>
          <p>Voting on this question has closed.</p>
        </>
      )}
      <p role="status" aria-live="polite">
        {notice}
      </p>
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
        onAsk={(text, anonymous) => send({ type: 'ask', text, anonymous })}
        onUpvote={(id) => send({ type: 'upvote', question_id: id })}
      />
      <Profile initial={state.profile} onSave={(p) => send({ type: 'profile', ...p })} />
    </Page>
  );
}
