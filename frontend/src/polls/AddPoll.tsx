// AddPoll is the control page's form for a poll of any kind: a new one
// (AddPoll) or changes to one nobody has answered yet (EditPoll). Both use
// PollForm; the edit form's ids start "edit-" so the two can share the page.
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/fields';
import { errorsFrom, useFormErrors } from '../components/formErrors';
import { createPoll, kindLabels, updatePoll, type NewPoll, type Poll, type PollKind } from './api';

interface FormProps {
  prefix: '' | 'edit-';
  initial?: Poll;
  submitLabel: string;
  save(poll: NewPoll): Promise<unknown>;
  onSaved(): void;
  onCancel?(): void;
}

function PollForm({ prefix, initial, submitLabel, save, onSaved, onCancel }: FormProps) {
  const [kind, setKind] = useState<PollKind>(initial?.kind ?? 'single');
  const [question, setQuestion] = useState(initial?.question ?? '');
  const [options, setOptions] = useState(initial?.options.join('\n') ?? '');
  const [max, setMax] = useState(String(initial?.max ?? 5));
  const [minLabel, setMinLabel] = useState(initial?.min_label ?? '');
  const [maxLabel, setMaxLabel] = useState(initial?.max_label ?? '');
  const form = useFormErrors();
  const hasOptions = kind === 'single' || kind === 'multiple' || kind === 'ranking';
  const id = (field: string) => prefix + field;
  const err = (field: string) => form.fieldError(id(field));

  async function submit(e: Event) {
    e.preventDefault();
    const poll: NewPoll = { kind, question };
    if (hasOptions) poll.options = options.split('\n').map((o) => o.trim()).filter(Boolean);
    if (kind === 'scale') Object.assign(poll, { min: max === '10' ? 0 : 1, max: Number(max), min_label: minLabel, max_label: maxLabel });
    try {
      await save(poll);
      form.clear();
      setQuestion('');
      setOptions('');
      onSaved();
    } catch (e) {
      // The API names its fields; this form's inputs carry the prefix.
      form.setErrors(errorsFrom(e).map((fe) => ({ ...fe, field: fe.field && id(fe.field) })));
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={form.errors} />
      <SelectField id={id('kind')} label="Kind of poll" value={kind} onValue={(v) => setKind(v as PollKind)} options={Object.entries(kindLabels).map(([value, label]) => ({ value, label }))} error={err('kind')} />
      <TextField id={id('question')} label="Question" value={question} onValue={setQuestion} error={err('question')} />
      {hasOptions && (
        <div class={`nhsuk-form-group${err('options') ? ' nhsuk-form-group--error' : ''}`}>
          <label class="nhsuk-label" for={id('options')}>
            Options
          </label>
          <div class="nhsuk-hint" id={id('options-hint')}>
            One option on each line, 2 to 20 options
          </div>
          {err('options') && (
            <span class="nhsuk-error-message" id={id('options-error')}>
              <span class="nhsuk-u-visually-hidden">Error: </span>
              {err('options')}
            </span>
          )}
          <textarea class={`nhsuk-textarea${err('options') ? ' nhsuk-textarea--error' : ''}`} id={id('options')} rows={5} aria-describedby={`${id('options-hint')}${err('options') ? ` ${id('options-error')}` : ''}`} value={options} onInput={(e) => setOptions(e.currentTarget.value)} />
        </div>
      )}
      {kind === 'scale' && (
        <>
          <SelectField id={id('max')} label="Scale" value={max} onValue={setMax} options={[{ value: '5', label: '1 to 5' }, { value: '10', label: '0 to 10' }]} error={err('max')} />
          <TextField id={id('min_label')} label="Label for the lowest point (optional)" hint="For example, Not at all" value={minLabel} onValue={setMinLabel} error={err('min_label')} />
          <TextField id={id('max_label')} label="Label for the highest point (optional)" hint="For example, Extremely" value={maxLabel} onValue={setMaxLabel} error={err('max_label')} />
        </>
      )}
      <div class="app-button-row">
        <button class="nhsuk-button nhsuk-button--secondary" type="submit">
          {submitLabel}
        </button>
        {onCancel && (
          <button class="nhsuk-button nhsuk-button--reverse" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

export function AddPoll({ workshopId, onAdded }: { workshopId: number; onAdded(): void }) {
  return <PollForm prefix="" submitLabel="Add poll" save={(p) => createPoll(workshopId, p)} onSaved={onAdded} />;
}

export function EditPoll({ poll, onDone }: { poll: Poll; onDone(saved: boolean): void }) {
  return <PollForm prefix="edit-" initial={poll} submitLabel="Save changes" save={(p) => updatePoll(poll.id, p)} onSaved={() => onDone(true)} onCancel={() => onDone(false)} />;
}
