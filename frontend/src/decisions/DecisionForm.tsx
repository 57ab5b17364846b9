// DecisionForm records a decision or changes one: the question, the options
// considered, what was decided and why, who decided and when, its status and
// the EPR change it concerns. A published decision can still change: each
// save is a new version, and the earlier ones are kept.
import '../styles/admin.scss';
import './decisions.scss';
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { access } from '../areas';
import { Checkboxes, RadioItem, TextArea } from '../components/choices';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, SubmitButton, TextField } from '../components/fields';
import { useSubmit, type FormError } from '../components/formErrors';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listOrganisations, type Organisation } from '../organisations/api';
import { api } from '../api';
import { createDecision, getDecision, listDecisions, updateDecision, type Decision, type DecisionInput, type Quote, type QuoteSource } from './api';
import { ListEditor } from './ListEditor';
import { statuses, statusLabels, todayInLondon, linkKindLabels } from './words';

const statusHints = {
  proposed: 'Still to be decided: record the question and the options now.',
  decided: 'The board or design authority has decided.',
  superseded: 'A later decision replaced this one.',
};

function inputOf(d?: Decision): DecisionInput {
  return {
    title: d?.title ?? '',
    question: d?.question ?? '',
    options: d?.options ?? [],
    decided: d?.decided ?? '',
    rationale: d?.rationale ?? '',
    decided_by: d?.decided_by ?? '',
    decided_on: d?.decided_on ?? todayInLondon(),
    status: d?.status ?? 'proposed',
    superseded_by: d?.superseded_by ?? null,
    epr_ref: d?.epr_ref ?? '',
    organisation_ids: d?.organisation_ids ?? [],
    themes: d?.themes ?? [],
    quotes: d?.quotes ?? [],
  };
}

/** validate finds what the server would refuse, so the person hears it before sending. */
export function validate(input: DecisionInput): FormError[] {
  const errors: FormError[] = [];
  if (!input.title.trim()) errors.push({ field: 'title', message: 'Enter a title for the decision' });
  if (input.status !== 'proposed' && !input.decided.trim()) errors.push({ field: 'decided', message: 'Enter what was decided' });
  if (input.decided_on && !/^\d{4}-\d{2}-\d{2}$/.test(input.decided_on)) errors.push({ field: 'decided_on', message: 'Enter a real date' });
  if (input.status === 'superseded' && !input.superseded_by)
    errors.push({ field: 'superseded_by', message: 'Select the decision that replaced this one' });
  input.options.forEach((o, i) => {
    if (!o.trim()) errors.push({ field: `options.${i}`, message: `Enter option ${i + 1}, or remove it` });
  });
  input.quotes.forEach((q, i) => {
    if (!q.text.trim()) errors.push({ field: `quotes.${i}.text`, message: `Enter quote ${i + 1}, or remove it` });
  });
  return errors;
}

/** sourceOptions are the things a quote can come from: what the decision links. */
function sourceOptions(d?: Decision) {
  return [
    { value: 'other', label: 'Not from a linked contribution' },
    ...(d?.links ?? [])
      .filter((l) => l.kind !== 'theme')
      .map((l) => ({ value: `${l.kind}:${l.target_id}`, label: `${linkKindLabels[l.kind]}: ${l.label}` })),
  ];
}

function QuoteField({ quote, i, set, decision, error }: { quote: Quote; i: number; set(q: Quote): void; decision?: Decision; error(field: string): string | undefined }) {
  const sources = sourceOptions(decision);
  return (
    <div class="nhsuk-u-width-full">
      <TextArea id={`quotes.${i}.text`} label={`Quote ${i + 1}`} rows={3} value={quote.text} onValue={(text) => set({ ...quote, text })} error={error(`quotes.${i}.text`)} />
      {sources.length > 1 && (
        <SelectField
          id={`quotes.${i}.source_id`}
          label={`Where quote ${i + 1} comes from`}
          value={quote.source_kind !== 'other' ? `${quote.source_kind}:${quote.source_id}` : 'other'}
          options={sources}
          error={error(`quotes.${i}.source_id`) ?? error(`quotes.${i}.source_kind`)}
          onValue={(v) => {
            const [kind, id] = v.split(':');
            set({ ...quote, source_kind: kind as QuoteSource, source_id: kind === 'other' ? null : Number(id) });
          }}
        />
      )}
    </div>
  );
}

function Themes({ themes, known, onThemes }: { themes: string[]; known: string[]; onThemes(t: string[]): void }) {
  const [other, setOther] = useState('');
  const all = [...new Set([...known, ...themes])].sort((a, b) => a.localeCompare(b));
  const addOther = () => {
    const t = other.trim().toLowerCase();
    if (t && !themes.includes(t)) onThemes([...themes, t]);
    setOther('');
  };
  // Feedback has dozens of themes: they stay folded until wanted.
  return (
    <details class="nhsuk-details" open={themes.length > 0}>
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">Themes ({themes.length ? `${themes.length} chosen` : 'none chosen'})</span>
      </summary>
      <div class="nhsuk-details__text">
        {all.length > 0 && (
          <Checkboxes
            id="themes"
            legend="Themes"
            hint="The feedback themes this decision answers. People can filter the public register by theme."
            options={all.map((t) => ({ value: t, label: t }))}
            small
            focusable
            values={themes}
            onValues={onThemes}
          />
        )}
        <div class="app-list-editor__item">
          <TextField id="theme-other" label={all.length ? 'Another theme (optional)' : 'Theme (optional)'} value={other} onValue={setOther} />
          <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={addOther}>
            Add theme
          </button>
        </div>
      </div>
    </details>
  );
}

function Form({ initial, organisations, known, others }: { initial?: Decision; organisations: Organisation[]; known: string[]; others: Decision[] }) {
  const { route } = useLocation();
  const [input, setInput] = useState<DecisionInput>(inputOf(initial));
  const form = useSubmit();
  const set = (patch: Partial<DecisionInput>) => setInput((old) => ({ ...old, ...patch }));

  async function submit(e: Event) {
    e.preventDefault();
    const problems = validate(input);
    if (problems.length) return form.setErrors(problems);
    const { note, ...content } = input;
    const body = { ...content, superseded_by: input.status === 'superseded' ? input.superseded_by : null, ...(initial?.published_at ? { note } : {}) };
    await form.run(async () => {
      const saved = initial ? await updateDecision(initial.id, body) : await createDecision(body);
      route(`/decisions/${saved.id}/manage`);
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={form.errors} />
      {initial?.published_at && (
        <div class="nhsuk-warning-callout">
          <h2 class="nhsuk-warning-callout__label">
            <span>
              <span class="nhsuk-u-visually-hidden">Important: </span>This decision is published
            </span>
          </h2>
          <p>
            Saving makes version {initial.version + 1}. The public register shows the new version at once and keeps the dates of the
            earlier ones.
          </p>
        </div>
      )}
      {initial?.published_at && (
        <TextArea id="note" label="What changed and why" hint="Shown with the version history to the programme team" rows={3} value={input.note ?? ''} onValue={(note) => set({ note })} error={form.fieldError('note')} />
      )}
      <TextField id="title" label="Title" hint="A short name people will recognise, for example, Allergy alerts on order sets" value={input.title} onValue={(title) => set({ title })} error={form.fieldError('title')} />
      <TextArea id="question" label="The question" hint="What needed deciding, in plain words" rows={3} value={input.question} onValue={(question) => set({ question })} error={form.fieldError('question')} />
      <ListEditor
        id="options"
        legend="Options considered"
        noun="option"
        items={input.options}
        blank=""
        error={form.fieldError('options')}
        onItems={(options) => set({ options })}
        itemId={(i) => `options.${i}`}
        field={(o, i, setO) => <TextField id={`options.${i}`} label={`Option ${i + 1}`} value={o} onValue={setO} error={form.fieldError(`options.${i}`)} />}
      />
      <div class={`nhsuk-form-group${form.fieldError('status') ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset class="nhsuk-fieldset" id="status" tabIndex={-1}>
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Status</legend>
          <div class="nhsuk-radios nhsuk-radios--small">
            {statuses.map((s) => (
              <RadioItem key={s} name="status" inputId={`status-${s}`} option={{ value: s, label: statusLabels[s], hint: statusHints[s] }} checked={input.status === s} onValue={(status) => set({ status })} />
            ))}
          </div>
        </fieldset>
      </div>
      {input.status === 'superseded' && (
        <SelectField
          id="superseded_by"
          label="Replaced by"
          value={input.superseded_by ? String(input.superseded_by) : ''}
          options={[{ value: '', label: 'Select a decision' }, ...others.filter((d) => d.id !== initial?.id).map((d) => ({ value: String(d.id), label: d.title }))]}
          onValue={(v) => set({ superseded_by: v ? Number(v) : null })}
          error={form.fieldError('superseded_by')}
        />
      )}
      <TextArea id="decided" label="What was decided" rows={4} value={input.decided} onValue={(decided) => set({ decided })} error={form.fieldError('decided')} />
      <TextArea id="rationale" label="Why" hint="The reasons, and how what people said was taken into account" rows={6} value={input.rationale} onValue={(rationale) => set({ rationale })} error={form.fieldError('rationale')} />
      <TextField id="decided_by" label="Who decided" hint="For example, EPR design authority or programme board" value={input.decided_by} onValue={(decided_by) => set({ decided_by })} error={form.fieldError('decided_by')} />
      <TextField id="decided_on" type="date" label="Date decided" widthClass="nhsuk-input--width-10" value={input.decided_on} onValue={(decided_on) => set({ decided_on })} error={form.fieldError('decided_on')} />
      <TextField id="epr_ref" label="EPR reference (optional)" hint="The configuration item or change request this concerns, for example, CR-1042" widthClass="nhsuk-input--width-20" value={input.epr_ref} onValue={(epr_ref) => set({ epr_ref })} error={form.fieldError('epr_ref')} />
      {organisations.length > 0 && (
        <Checkboxes
          id="organisation_ids"
          legend="Organisations affected"
          hint="Leave all unticked if it affects every organisation."
          options={organisations.map((o) => ({ value: o.id, label: o.name }))}
          small
          focusable
          values={input.organisation_ids}
          error={form.fieldError('organisation_ids')}
          onValues={(organisation_ids) => set({ organisation_ids })}
        />
      )}
      <Themes themes={input.themes} known={known} onThemes={(themes) => set({ themes })} />
      <ListEditor
        id="quotes"
        legend="Quotes"
        hint="What people said that shaped the decision. Quotes are published: leave out names and anything that identifies someone."
        noun="quote"
        items={input.quotes}
        blank={{ text: '', source_kind: 'other', source_id: null }}
        error={form.fieldError('quotes')}
        onItems={(quotes) => set({ quotes })}
        itemId={(i) => `quotes.${i}.text`}
        field={(q, i, setQ) => <QuoteField quote={q} i={i} set={setQ} decision={initial} error={form.fieldError} />}
      />
      <div class="nhsuk-button-group">
        <SubmitButton busy={form.busy}>{initial ? 'Save changes' : 'Save decision'}</SubmitButton>
        <a class="nhsuk-link" href={initial ? `/decisions/${initial.id}/manage` : '/decisions'}>
          Cancel
        </a>
      </div>
    </form>
  );
}

function FormPage() {
  const { params } = useRoute();
  const id = params.id;
  const decision = useResource(() => (id ? getDecision(id) : Promise.resolve(undefined)), [id]);
  const orgs = useResource(listOrganisations, []);
  const tags = useResource(() => api.get<{ tag: string }[]>('/feedback/tags').then((t) => t.map((x) => x.tag)), []);
  const others = useResource(() => listDecisions(), []);
  const title = id ? 'Change a decision' : 'Record a decision';
  const back = id ? { href: `/decisions/${id}/manage`, label: 'Back to the decision' } : { href: '/decisions', label: 'Decisions' };
  const err = decision.error || orgs.error;
  const ready = (!id || decision.data) && orgs.data && !tags.loading && !others.loading;
  return (
    <Page title={title} back={back}>
      {err ? <LoadError error={err} /> : null}
      {!err && !ready && <Loading />}
      {!err && ready && <Form initial={decision.data} organisations={orgs.data ?? []} known={tags.data ?? []} others={others.data ?? []} />}
    </Page>
  );
}

export default function DecisionFormPage() {
  return (
    <RequireRole roles={access.decisions}>
      <FormPage />
    </RequireRole>
  );
}
