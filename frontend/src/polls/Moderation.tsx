// Moderation is the control page's list of audience questions: every one,
// pending, approved or hidden, with the moderation buttons for the workshop's
// facilitators (others see the list only).
import type { Question } from './api';

const labels: Record<string, string> = {
  approve: 'Approve',
  hide: 'Hide',
  highlight: 'Show on screen',
  unhighlight: 'Take off screen',
  answer: 'Mark answered',
  unanswer: 'Mark not answered',
};

const statusTag: Record<Question['status'], [string, string]> = {
  pending: ['nhsuk-tag--yellow', 'Waiting'],
  approved: ['nhsuk-tag--green', 'Approved'],
  hidden: ['nhsuk-tag--grey', 'Hidden'],
};

function actionsFor(q: Question): string[] {
  return [
    ...(q.status !== 'approved' ? ['approve'] : []),
    ...(q.status !== 'hidden' ? ['hide'] : []),
    q.highlighted ? 'unhighlight' : 'highlight',
    q.answered ? 'unanswer' : 'answer',
  ];
}

export function Moderation({ questions, canEdit, act }: { questions: Question[]; canEdit: boolean; act(q: Question, a: string): void }) {
  if (questions.length === 0) return <p>No questions yet.</p>;
  return (
    <ul class="app-moderation">
      {questions.map((q) => {
        const [tag, status] = statusTag[q.status];
        return (
          <li key={q.id}>
            <p class="nhsuk-u-margin-bottom-1">
              <strong class={`nhsuk-tag ${tag}`}>{status}</strong> {q.highlighted && <strong class="nhsuk-tag nhsuk-tag--blue">On screen</strong>} {q.answered && <strong class="nhsuk-tag nhsuk-tag--grey">Answered</strong>}
            </p>
            <p class="nhsuk-u-margin-bottom-1">{q.text}</p>
            <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
              {q.name || 'Anonymous'} · {q.upvotes === 1 ? '1 upvote' : `${q.upvotes} upvotes`}
            </p>
            {canEdit && (
              <div class="app-button-row">
                {actionsFor(q).map((a) => (
                  <button class="app-link-button" type="button" key={a} onClick={() => act(q, a)}>
                    {labels[a]}
                    <span class="nhsuk-u-visually-hidden"> question: {q.text}</span>
                  </button>
                ))}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
