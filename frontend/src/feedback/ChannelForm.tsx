// ChannelForm is the form for opening or changing a feedback channel.
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/fields';
import { useSubmit } from '../components/formErrors';
import { audienceLabels, type Audience, type Channel } from './api';
import { Checkbox, Radios, TextArea } from '../components/choices';

export type ChannelInput = Pick<Channel, 'name' | 'description' | 'audience' | 'allow_anonymous' | 'require_approval'>;

interface Props {
  initial?: Channel;
  submitLabel: string;
  onSubmit(input: ChannelInput): Promise<void>;
}

export function ChannelForm({ initial, submitLabel, onSubmit }: Props) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [audience, setAudience] = useState<string>(initial?.audience ?? '');
  const [anonymous, setAnonymous] = useState(initial?.allow_anonymous ?? true);
  const [approval, setApproval] = useState(initial?.require_approval ?? false);
  const form = useSubmit();
  async function submit(e: Event) {
    e.preventDefault();
    const problems = [];
    if (name.trim() === '') problems.push({ field: 'name', message: 'Enter a name for the channel' });
    if (!audience) problems.push({ field: 'audience', message: 'Select who the channel is for' });
    if (problems.length) return form.setErrors(problems);
    await form.run(async () => {
      await onSubmit({
        name,
        description,
        audience: audience as Audience,
        allow_anonymous: anonymous,
        require_approval: approval,
      });
      if (!initial) {
        setName('');
        setDescription('');
      }
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={form.errors} />
      <TextField id="name" label="Name" value={name} error={form.fieldError('name')} onValue={setName} />
      <TextArea id="description" label="What is it for?" rows={3} value={description} error={form.fieldError('description')} onValue={setDescription} />
      <Radios
        id="audience"
        legend="Who is it for?"
        value={audience}
        error={form.fieldError('audience')}
        options={(Object.keys(audienceLabels) as Audience[]).map((a) => ({ value: a, label: audienceLabels[a] }))}
        onValue={setAudience}
      />
      <div class="nhsuk-form-group">
        <fieldset class="nhsuk-fieldset">
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Settings</legend>
          <div class="nhsuk-checkboxes">
            <Checkbox id="allow_anonymous" label="Allow anonymous posts" checked={anonymous} onChecked={setAnonymous} />
            <Checkbox
              id="require_approval"
              label="Check posts before they show publicly"
              hint="Turning this off later does not publish posts still waiting: approve each one."
              checked={approval}
              onChecked={setApproval}
            />
          </div>
        </fieldset>
      </div>
      <button class="nhsuk-button" type="submit">
        {submitLabel}
      </button>
    </form>
  );
}
