// QuestionsForm asks a pulse's questions on one page, built for a phone: large
// radios and checkboxes (the NHS full-size controls), one column, and each
// control's id is the API field of its answer ("answers.0.value"), so an error
// summary link lands on it. Answers are sent in question order, one per question.
import { Checkboxes, Radios, TextArea } from '../components/choices';
import { errorsFrom, type FormError } from '../components/formErrors';
import type { Answer, Question } from './api';

/** Draft is what the form holds: per question, a chosen value, values or text. */
export type Draft = Record<number, Answer>;

export function draftFrom(questions: Question[], answers: Answer[]): Draft {
  const d: Draft = {};
  for (const q of questions) d[q.id] = answers.find((a) => a.question_id === q.id) ?? { question_id: q.id };
  return d;
}

/** answersOf lists the draft in question order, as the API numbers its errors. */
export function answersOf(questions: Question[], d: Draft): Answer[] {
  return questions.map((q) => {
    const a = d[q.id] ?? { question_id: q.id };
    if (q.kind === 'multiple') return { question_id: q.id, values: a.values ?? [] };
    if (q.kind === 'open') return { question_id: q.id, text: a.text ?? '' };
    return a.value === undefined ? { question_id: q.id } : { question_id: q.id, value: a.value };
  });
}

/** firstField is the first question's control: where "answer at least one question"
 * (the API's "answers" field) takes the reader. */
export function firstField(questions: Question[]): string {
  const q = questions[0];
  if (!q) return 'answers';
  return q.kind === 'multiple' ? 'answers.0.values' : q.kind === 'open' ? 'answers.0.text' : 'answers.0.value';
}

/** onAnswersError shows an API error on the form, moving "answers" to the first question. */
export function onAnswersError(questions: Question[], setErrors: (e: FormError[]) => void) {
  return (err: unknown) => setErrors(errorsFrom(err).map((e) => (e.field === 'answers' ? { ...e, field: firstField(questions) } : e)));
}

function scaleOptions(q: Question) {
  const out = [];
  for (let v = q.min; v <= q.max; v++) out.push({ value: String(v), label: String(v) });
  return out;
}

interface Props {
  questions: Question[];
  draft: Draft;
  onDraft(d: Draft): void;
  error(field: string): string | undefined;
}

export function QuestionsForm({ questions, draft, onDraft, error }: Props) {
  const set = (q: Question, a: Partial<Answer>) => onDraft({ ...draft, [q.id]: { ...draft[q.id], question_id: q.id, ...a } });
  return (
    <>
      {questions.map((q, i) => {
        const a = draft[q.id] ?? { question_id: q.id };
        const legend = `${i + 1}. ${q.prompt}`;
        switch (q.kind) {
          case 'scale':
          case 'single':
            return (
              <Radios
                key={q.id}
                id={`answers.${i}.value`}
                legend={legend}
                legendClass="nhsuk-fieldset__legend--m"
                hint={q.kind === 'scale' ? `${q.min} is the lowest and ${q.max} the highest.` : undefined}
                options={q.kind === 'scale' ? scaleOptions(q) : q.options.map((o, j) => ({ value: String(j), label: o }))}
                value={a.value === undefined ? '' : String(a.value)}
                error={error(`answers.${i}.value`)}
                onValue={(v) => set(q, { value: Number(v) })}
              />
            );
          case 'multiple':
            return (
              <Checkboxes
                key={q.id}
                id={`answers.${i}.values`}
                legend={legend}
                legendClass="nhsuk-fieldset__legend--m"
                hint="Select all that apply."
                options={q.options.map((o, j) => ({ value: j, label: o }))}
                values={a.values ?? []}
                error={error(`answers.${i}.values`)}
                onValues={(values) => set(q, { values: [...values].sort((x, y) => x - y) })}
              />
            );
          default:
            return (
              <TextArea
                key={q.id}
                id={`answers.${i}.text`}
                label={legend}
                labelClass="nhsuk-label--m"
                hint="Optional. Up to 2,000 characters. Do not include names or details of patients."
                value={a.text ?? ''}
                error={error(`answers.${i}.text`)}
                onValue={(text) => set(q, { text })}
              />
            );
        }
      })}
    </>
  );
}
