// Questions is the audience Q&A on a participant's phone: ask, with a name
// beside the question or anonymously, and upvote the questions the facilitator
// has approved. Asking anonymously sends no name at all (and the server
// stores nothing that leads back to the asker).
import { useEffect, useState } from 'preact/hooks';
import type { Question } from './api';
import { CheckboxField } from '../components/choices';

interface Props {
  questions: Question[];
  upvoted: number[];
  notice: string;
  /** initialName fills the name box: the name the participant gave in their details. */
  initialName: string;
  /** onAsk sends the question; false when it could not be sent (the text is kept). */
  onAsk(text: string, anonymous: boolean, name: string): boolean;
  onUpvote(id: number): void;
}

export function Questions({ questions, upvoted, notice, initialName, onAsk, onUpvote }: Props) {
  const [text, setText] = useState('');
  const [name, setName] = useState(initialName);
  const [anonymous, setAnonymous] = useState(false);
  useEffect(() => setName((n) => n || initialName), [initialName]);

  function ask(e: Event) {
    e.preventDefault();
    if (!text.trim()) return;
    if (onAsk(text.trim(), anonymous, anonymous ? '' : name.trim())) setText('');
  }

  return (
    <section aria-labelledby="qa-heading">
      <h2 id="qa-heading">Questions</h2>
      <form onSubmit={ask} noValidate>
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="question">
            Ask a question
          </label>
          <div class="nhsuk-hint" id="question-hint">
            The facilitator reads questions before they are shown to everyone
          </div>
          <textarea class="nhsuk-textarea" id="question" name="question" rows={3} maxLength={500} aria-describedby="question-hint" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        {!anonymous && (
          <div class="nhsuk-form-group">
            <label class="nhsuk-label" for="question-name">
              Your name (optional)
            </label>
            <div class="nhsuk-hint" id="question-name-hint">
              Shown with your question
            </div>
            <input class="nhsuk-input nhsuk-input--width-20" id="question-name" name="name" autoComplete="name" maxLength={100} aria-describedby="question-name-hint" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </div>
        )}
        <CheckboxField id="anonymous" label="Ask anonymously" hint="Your name and details are not sent or kept with the question" checked={anonymous} onChecked={setAnonymous} />
        <button class="nhsuk-button nhsuk-button--secondary" type="submit">
          Send question
        </button>
      </form>
      <p role="status">{notice}</p>
      {questions.length > 0 && (
        <ul class="app-questions">
          {questions.map((q) => (
            <li key={q.id}>
              <p class="nhsuk-u-margin-bottom-1">
                {q.highlighted && <strong>Now: </strong>}
                {q.text}
              </p>
              <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
                {q.name || 'Anonymous'} · {q.upvotes} {q.upvotes === 1 ? 'upvote' : 'upvotes'}
                {q.answered && ' · answered'}
              </p>
              <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" disabled={upvoted.includes(q.id)} onClick={() => onUpvote(q.id)}>
                {upvoted.includes(q.id) ? 'Upvoted' : 'Upvote'}
                <span class="nhsuk-u-visually-hidden"> question: {q.text}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
