// AddPoll is the control page's form for a new poll of any kind.
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/fields';
import { useFormErrors } from '../components/formErrors';
import { createPoll, kindLabels, type NewPoll, type PollKind } from './api';

export function AddPoll({ workshopId, onAdded }: { workshopId: number; onAdded(): void }) {
  const [kind, setKind] = useState<PollKind>('single');
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [max, setMax] = useState('5');
  const [minLabel, setMinLabel] = useState('');
  const [maxLabel, setMaxLabel] = useState('');
  const form = useFormErrors();
  const hasOptions = kind === 'single' || kind === 'multiple' || kind === 'ranking';

  async function submit(e: Event) {
    e.preventDefault();
    const poll: NewPoll = { kind, question };
    if (hasOptions) poll.options = options.split('\n').map((o) => o.trim()).filter(Boolean);
    if (kind === 'scale') Object.assign(poll, { min: max === '10' ? 0 : 1, max: Number(max), min_label: minLabel, max_label: maxLabel });
    try {
      await createPoll(workshopId, poll);
      form.clear();
      setQuestion('');
      setOptions('');
      onAdded();
    } catch (err) {
      form.fail(err);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={form.errors} />
      <SelectField id="kind" label="Kind of poll" value={kind} onValue={(v) => setKind(v as PollKind)} options={Object.entries(kindLabels).map(([value, label]) => ({ value, label }))} error={form.fieldError('kind')} />
      <TextField id="question" label="Question" value={question} onValue={setQuestion} error={form.fieldError('question')} />
      {hasOptions && (
        <div class={`nhsuk-form-group${form.fieldError('options') ? ' nhsuk-form-group--error' : ''}`}>
          <label class="nhsuk-label" for="options">
            Options
          </label>
          <div class="nhsuk-hint" id="options-hint">
            One option on each line, 2 to 20 options
          </div>
          {form.fieldError('options') && (
            <span class="nhsuk-error-message" id="options-error">
              <span class="nhsuk-u-visually-hidden">Error: </span>
              {form.fieldError('options')}
            </span>
          )}
          <textarea class="nhsuk-textarea" id="options" rows={5} aria-describedby={`options-hint${form.fieldError('options') ? ' options-error' : ''}`} value={options} onInput={(e) => setOptions(e.currentTarget.value)} />
        </div>
      )}
      {kind === 'scale' && (
        <>
          <SelectField id="max" label="Scale" value={max} onValue={setMax} options={[{ value: '5', label: '1 to 5' }, { value: '10', label: '0 to 10' }]} error={form.fieldError('max')} />
          <TextField id="min_label" label="Label for the lowest point (optional)" hint="For example, Not at all" value={minLabel} onValue={setMinLabel} error={form.fieldError('min_label')} />
          <TextField id="max_label" label="Label for the highest point (optional)" hint="For example, Extremely" value={maxLabel} onValue={setMaxLabel} />
        </>
      )}
      <button class="nhsuk-button nhsuk-button--secondary" type="submit">
        Add poll
      </button>
    </form>
  );
}
