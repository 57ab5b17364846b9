// OrganisationForm is the create and edit form for an organisation. It checks
// the required fields itself and shows the API's field errors beside the
// fields they are about (such as a code another organisation already uses).
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, SubmitButton, TextField } from '../components/fields';
import { useSubmit, type FormError } from '../components/formErrors';
import { kindLabels, parseDomains, type Organisation, type OrganisationInput, type OrganisationKind } from './api';

interface Props {
  initial?: Organisation;
  submitLabel: string;
  /** onSubmit saves the organisation; a thrown ApiError is shown on the form. */
  onSubmit(input: OrganisationInput): Promise<void>;
}

const kindOptions = [
  { value: '', label: 'Choose a kind' },
  ...Object.entries(kindLabels).map(([value, label]) => ({ value, label })),
];

export function validateOrganisation(input: OrganisationInput): FormError[] {
  const errors: FormError[] = [];
  if (!input.name.trim()) errors.push({ field: 'name', message: 'Enter the organisation name' });
  if (!input.code.trim()) errors.push({ field: 'code', message: 'Enter the organisation code' });
  if (!input.kind) errors.push({ field: 'kind', message: 'Choose the kind of organisation' });
  return errors;
}

export function OrganisationForm({ initial, submitLabel, onSubmit }: Props) {
  const [name, setName] = useState(initial?.name ?? '');
  const [code, setCode] = useState(initial?.code ?? '');
  const [kind, setKind] = useState<string>(initial?.kind ?? '');
  const [domains, setDomains] = useState((initial?.email_domains ?? []).join(', '));
  const form = useSubmit();

  async function submit(e: Event) {
    e.preventDefault();
    const input = {
      name: name.trim(),
      code: code.trim(),
      kind: kind as OrganisationKind | '',
      email_domains: parseDomains(domains),
    };
    const problems = validateOrganisation(input);
    if (problems.length) return form.setErrors(problems);
    await form.run(async () => {
      await onSubmit(input);
      if (!initial) [setName, setCode, setKind, setDomains].forEach((set) => set(''));
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={form.errors} />
      <TextField id="name" label="Name" value={name} onValue={setName} error={form.fieldError('name')} />
      <TextField
        id="code"
        label="Code"
        hint="The ODS code, for example RX1"
        widthClass="nhsuk-input--width-10"
        spellcheck={false}
        value={code}
        onValue={setCode}
        error={form.fieldError('code')}
      />
      <SelectField id="kind" label="Kind" options={kindOptions} value={kind} onValue={setKind} error={form.fieldError('kind')} />
      <TextField
        id="email_domains"
        label="Email domains (optional)"
        hint="People with these email addresses belong to this organisation. Separate them with commas, for example, examplehospital.nhs.uk, example.nhs.uk"
        spellcheck={false}
        value={domains}
        onValue={setDomains}
        error={form.fieldError('email_domains')}
      />
      <SubmitButton busy={form.busy}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
