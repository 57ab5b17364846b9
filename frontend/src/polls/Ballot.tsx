// Ballot is the voting form for the open poll, one control per poll kind, in
// the design system's radios, checkboxes, inputs and a keyboard-friendly
// ranking list (move up / move down buttons).
import { useEffect, useState } from 'preact/hooks';
import type { Poll, RoomState } from './api';
import { ChoiceItem, RadioItem } from '../components/choices';

export interface Vote {
  choices?: number[];
  value?: number;
  text?: string;
}

interface Props {
  poll: Poll;
  mine?: RoomState['my_vote'];
  error?: string;
  onVote(v: Vote): void;
}

function Choices({ poll, chosen, setChosen, multi }: { poll: Poll; chosen: number[]; setChosen(c: number[]): void; multi: boolean }) {
  return (
    <div class={multi ? 'nhsuk-checkboxes' : 'nhsuk-radios'}>
      {poll.options.map((o, i) => (
        <ChoiceItem
          key={i}
          type={multi ? 'checkbox' : 'radio'}
          name="choice"
          inputId={`choice-${i}`}
          option={{ value: i, label: o }}
          checked={chosen.includes(i)}
          onChecked={() => setChosen(multi ? (chosen.includes(i) ? chosen.filter((c) => c !== i) : [...chosen, i]) : [i])}
        />
      ))}
    </div>
  );
}

function Scale({ poll, value, setValue }: { poll: Poll; value?: number; setValue(v: number): void }) {
  const points: number[] = [];
  for (let v = poll.min ?? 1; v <= (poll.max ?? 5); v++) points.push(v);
  return (
    <div class="nhsuk-radios nhsuk-radios--inline">
      {points.map((v) => (
        <RadioItem
          key={v}
          name="value"
          inputId={`value-${v}`}
          option={{ value: v, label: `${v}${v === poll.min && poll.min_label ? ` ${poll.min_label}` : ''}${v === poll.max && poll.max_label ? ` ${poll.max_label}` : ''}` }}
          checked={value === v}
          onValue={setValue}
        />
      ))}
    </div>
  );
}

function Ranking({ poll, order, setOrder }: { poll: Poll; order: number[]; setOrder(o: number[]): void }) {
  function move(pos: number, by: number) {
    const next = [...order];
    [next[pos], next[pos + by]] = [next[pos + by], next[pos]];
    setOrder(next);
  }
  return (
    <ol class="app-ranking">
      {order.map((opt, pos) => (
        <li key={opt}>
          <span class="app-ranking__text">
            {pos + 1}. {poll.options[opt]}
          </span>
          <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={pos === 0} onClick={() => move(pos, -1)}>
            Up<span class="nhsuk-u-visually-hidden"> (move {poll.options[opt]} up)</span>
          </button>
          <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={pos === order.length - 1} onClick={() => move(pos, 1)}>
            Down<span class="nhsuk-u-visually-hidden"> (move {poll.options[opt]} down)</span>
          </button>
        </li>
      ))}
    </ol>
  );
}

export function Ballot({ poll, mine, error, onVote }: Props) {
  const own = mine && mine.poll_id === poll.id ? mine : undefined;
  const [chosen, setChosen] = useState<number[]>(own?.choices ?? []);
  const [order, setOrder] = useState<number[]>(own?.choices ?? poll.options.map((_, i) => i));
  const [value, setValue] = useState<number | undefined>(own?.value);
  const [text, setText] = useState(own?.text ?? '');
  useEffect(() => {
    setChosen(own?.choices ?? []);
    setOrder(own?.choices ?? poll.options.map((_, i) => i));
    setValue(own?.value);
    setText(own?.text ?? '');
    // Reset when the poll changes, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [poll.id]);

  function submit(e: Event) {
    e.preventDefault();
    if (poll.kind === 'single' || poll.kind === 'multiple') onVote({ choices: chosen });
    else if (poll.kind === 'ranking') onVote({ choices: order });
    else if (poll.kind === 'scale') onVote({ value });
    else onVote({ text });
  }

  const hint = { single: 'Select one answer', multiple: 'Select all that apply', ranking: 'Put the most important first', scale: '', wordcloud: 'One or two words', open: '' }[poll.kind];
  return (
    <form onSubmit={submit} noValidate>
      <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset class="nhsuk-fieldset" aria-describedby={`${hint ? 'vote-hint ' : ''}${error ? 'vote-error' : ''}`.trim() || undefined}>
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
            <h2 class="nhsuk-fieldset__heading">{poll.question}</h2>
          </legend>
          {hint && (
            <div class="nhsuk-hint" id="vote-hint">
              {hint}
            </div>
          )}
          {error && (
            <span class="nhsuk-error-message" id="vote-error">
              <span class="nhsuk-u-visually-hidden">Error: </span>
              {error}
            </span>
          )}
          {(poll.kind === 'single' || poll.kind === 'multiple') && <Choices poll={poll} chosen={chosen} setChosen={setChosen} multi={poll.kind === 'multiple'} />}
          {poll.kind === 'scale' && <Scale poll={poll} value={value} setValue={setValue} />}
          {poll.kind === 'ranking' && <Ranking poll={poll} order={order} setOrder={setOrder} />}
          {poll.kind === 'wordcloud' && (
            <>
              <label class="nhsuk-label" for="text">
                Your word
              </label>
              <input class="nhsuk-input nhsuk-input--width-20" id="text" name="text" maxLength={40} value={text} onInput={(e) => setText(e.currentTarget.value)} />
            </>
          )}
          {poll.kind === 'open' && (
            <>
              <label class="nhsuk-label" for="text">
                Your answer
              </label>
              <textarea class="nhsuk-textarea" id="text" name="text" rows={4} maxLength={500} value={text} onInput={(e) => setText(e.currentTarget.value)} />
            </>
          )}
        </fieldset>
      </div>
      <button class="nhsuk-button" type="submit">
        {own ? 'Change my answer' : 'Send my answer'}
      </button>
    </form>
  );
}
