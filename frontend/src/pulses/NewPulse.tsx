// NewPulse builds a readiness pulse: its title, when it is open (London time), and
// up to 20 questions of the poll kinds. It starts with the usual headline question,
// "How ready do you feel for go-live?" on a 1 to 5 scale where 4 and 5 count as ready.
import '../styles/admin.scss';
import './pulses.scss';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { access } from '../areas';
import { CheckboxField, Checkboxes, TextArea } from '../components/choices';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, SubmitButton, TextField } from '../components/fields';
import type { FormError } from '../components/formErrors';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { londonDate, londonToUTC, longDay } from '../time';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { createPulse, listMilestones, type MilestoneRef, type QuestionInput, type QuestionKind } from './api';
import { kindLabels, londonClock } from './words';

interface DraftQuestion {
  key: number;
  kind: QuestionKind;
  prompt: string;
  options: string; // one per line
  min: string;
  max: string;
  ready: number[];
}

let nextKey = 1;
const headline = (): DraftQuestion => ({ key: nextKey++, kind: 'scale', prompt: 'How ready do you feel for go-live?', options: '', min: '1', max: '5', ready: [4, 5] });
const blank = (): DraftQuestion => ({ key: nextKey++, kind: 'single', prompt: '', options: '', min: '1', max: '5', ready: [] });

/** justMade holds a new pulse's open link for its page, which shows it once. */
export const justMade: { id?: number; url?: string } = {};



function toInput(q: DraftQuestion): QuestionInput {
  const out: QuestionInput = { kind: q.kind, prompt: q.prompt };
  if (q.kind === 'single' || q.kind === 'multiple') out.options = q.options.split('\n').map((s) => s.trim()).filter(Boolean);
  if (q.kind === 'scale') {
    out.min = Number(q.min);
    out.max = Number(q.max);
  }
  if (q.kind !== 'open' && q.ready.length > 0) out.ready_values = q.ready;
  return out;
}

/** readyChoices are what a question can be answered with, for "counts as ready". */
function readyChoices(q: DraftQuestion) {
  if (q.kind === 'scale') {
    const out = [];
    for (let v = Number(q.min); v <= Number(q.max); v++) out.push({ value: v, label: String(v) });
    return out;
  }
  return q.options
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((o, i) => ({ value: i, label: o }));
}

function QuestionFields({ q, i, count, onChange, onRemove, error }: {
  q: DraftQuestion;
  i: number;
  count: number;
  onChange(q: DraftQuestion): void;
  onRemove(): void;
  error(f: string): string | undefined;
}) {
  const f = (name: string) => `questions.${i}.${name}`;
  const set = (patch: Partial<DraftQuestion>) => onChange({ ...q, ...patch });
  const choices = readyChoices(q);
  return (
    <div class="app-pulse-builder-question" data-testid="question">
      <h3>Question {i + 1}</h3>
      <TextField id={f('prompt')} label="Question" value={q.prompt} error={error(f('prompt'))} onValue={(prompt) => set({ prompt })} />
      <SelectField
        id={f('kind')}
        label="Type of answer"
        value={q.kind}
        options={(Object.keys(kindLabels) as QuestionKind[]).map((k) => ({ value: k, label: kindLabels[k] }))}
        error={error(f('kind'))}
        onValue={(kind) => set({ kind: kind as QuestionKind, ready: [] })}
      />
      {(q.kind === 'single' || q.kind === 'multiple') && (
        <TextArea id={f('options')} label="Answers to choose from" hint="One on each line, 2 to 20." rows={4} value={q.options} error={error(f('options'))} onValue={(options) => set({ options, ready: [] })} />
      )}
      {q.kind === 'scale' && (
        <div class="nhsuk-grid-row">
          <div class="nhsuk-grid-column-one-half">
            <SelectField id={f('min')} label="Lowest" value={q.min} options={['0', '1'].map((v) => ({ value: v, label: v }))} error={error(f('min'))} onValue={(min) => set({ min, ready: [] })} />
          </div>
          <div class="nhsuk-grid-column-one-half">
            <SelectField id={f('max')} label="Highest" value={q.max} options={['2', '3', '4', '5', '6', '7', '8', '9', '10'].map((v) => ({ value: v, label: v }))} error={error(f('max'))} onValue={(max) => set({ max, ready: [] })} />
          </div>
        </div>
      )}
      {q.kind !== 'open' && choices.length > 0 && (
        <Checkboxes
          id={f('ready_values')}
          legend="Answers that mean someone feels ready (optional)"
          hint="Tick these on one question only. It becomes the headline that the readiness board and the trend show."
          options={choices}
          small
          inline={q.kind === 'scale'}
          focusable
          values={q.ready}
          error={error(f('ready_values'))}
          onValues={(ready) => set({ ready: [...ready].sort((a, b) => a - b) })}
        />
      )}
      {count > 1 && (
        <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={onRemove}>
          Remove question {i + 1}
        </button>
      )}
    </div>
  );
}

function NewPulseForm({ milestones }: { milestones: MilestoneRef[] }) {
  const { route } = useLocation();
  const now = new Date();
  const [title, setTitle] = useState('');
  const [intro, setIntro] = useState('');
  const [opensDate, setOpensDate] = useState(londonDate(now));
  const [opensTime, setOpensTime] = useState(londonClock(now));
  const [closesDate, setClosesDate] = useState(londonDate(new Date(now.getTime() + 7 * 86400_000)));
  const [closesTime, setClosesTime] = useState('17:00');
  const [openLink, setOpenLink] = useState(false);
  const [milestone, setMilestone] = useState('');
  const [questions, setQuestions] = useState<DraftQuestion[]>(() => [headline()]);
  const form = useSubmit();

  const submit = (e: Event) => {
    e.preventDefault();
    const opens = londonToUTC(opensDate, opensTime);
    const closes = londonToUTC(closesDate, closesTime);
    const problems: FormError[] = [];
    if (!opens) problems.push({ field: 'opens_at', message: 'Enter the date and time the pulse opens, like 09:00' });
    if (!closes) problems.push({ field: 'closes_at', message: 'Enter the date and time the pulse closes, like 17:00' });
    if (problems.length > 0) {
      form.setErrors(problems);
      return;
    }
    void form.run(async () => {
      const p = await createPulse({ title, intro, milestone_id: milestone ? Number(milestone) : null, opens_at: opens!, closes_at: closes!, open_link: openLink, questions: questions.map(toInput) });
      justMade.id = p.id;
      justMade.url = p.open_link_url;
      route(`/pulses/${p.id}`);
    });
  };

  return (
    <form noValidate onSubmit={submit}>
      <ErrorSummary errors={form.errors} />
      <TextField id="title" label="Title" hint="Staff see this at the top of the questions, for example 'Moorside go-live: 4 weeks to go'." value={title} error={form.fieldError('title')} onValue={setTitle} />
      <TextArea id="intro" label="Introduction (optional)" hint="A sentence or two above the questions, and in the email." rows={3} value={intro} error={form.fieldError('intro')} onValue={setIntro} />
      {milestones.length > 0 && (
        <SelectField
          id="milestone_id"
          label="Go-live (optional)"
          hint="The readiness board and the trend show this pulse with its go-live."
          value={milestone}
          options={[{ value: '', label: 'Not for one go-live' }, ...milestones.map((m) => ({ value: String(m.id), label: `${m.name} (${longDay(m.go_live_on)})` }))]}
          error={form.fieldError('milestone_id')}
          onValue={setMilestone}
        />
      )}
      <h2>When staff can answer</h2>
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-one-half">
          <TextField id="opens_at" label="Opens on" type={'date' as 'text'} value={opensDate} error={form.fieldError('opens_at')} onValue={setOpensDate} />
          <TextField id="opens_at-time" label="at" hint="For example, 09:00" widthClass="nhsuk-input--width-5" value={opensTime} onValue={setOpensTime} />
        </div>
        <div class="nhsuk-grid-column-one-half">
          <TextField id="closes_at" label="Closes on" type={'date' as 'text'} value={closesDate} error={form.fieldError('closes_at')} onValue={setClosesDate} />
          <TextField id="closes_at-time" label="at" hint="For example, 17:00" widthClass="nhsuk-input--width-5" value={closesTime} onValue={setClosesTime} />
        </div>
      </div>
      <p class="nhsuk-body-s">Times are UK time.</p>
      <h2>Questions</h2>
      <div id="questions" tabIndex={-1}>
        {questions.map((q, i) => (
          <QuestionFields
            key={q.key}
            q={q}
            i={i}
            count={questions.length}
            error={form.fieldError}
            onChange={(nq) => setQuestions(questions.map((x) => (x.key === q.key ? nq : x)))}
            onRemove={() => setQuestions(questions.filter((x) => x.key !== q.key))}
          />
        ))}
      </div>
      {questions.length < 20 && (
        <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick={() => setQuestions([...questions, blank()])}>
          Add another question
        </button>
      )}
      <h2>Open link</h2>
      <CheckboxField
        id="open_link"
        label="Make an open link as well"
        hint="For staff who are not in the contact lists. Anyone with it can answer, saying which organisation and staff group they are in. Their answers are shown apart."
        checked={openLink}
        onChecked={setOpenLink}
      />
      <SubmitButton busy={form.busy}>Make the pulse</SubmitButton>
    </form>
  );
}

function NewPulseView() {
  const milestones = useResource(listMilestones, []);
  return (
    <Page title="Make a readiness pulse" caption="Readiness pulses" back={{ href: '/pulses', label: 'Back to pulses' }}>
      {milestones.error ? <LoadError error={milestones.error} /> : !milestones.data ? <Loading /> : <NewPulseForm milestones={milestones.data} />}
    </Page>
  );
}

export default function NewPulse() {
  return (
    <RequireRole roles={access.campaigns}>
      <NewPulseView />
    </RequireRole>
  );
}
