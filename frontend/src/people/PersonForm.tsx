// PersonForm is the add and change form for a person: who they are, where
// they work, and the staff role (if any) that lets them use Confer's tools.
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { EmailField, SelectField, SubmitButton, TextField, type Option } from '../components/fields';
import { emailProblem, useSubmit, type FormError } from '../components/formErrors';
import type { Organisation } from '../organisations/api';
import { personRoleLabels, type Person, type PersonInput } from './api';

interface Props {
  initial?: Person;
  organisations: Organisation[];
  staffGroups: string[];
  submitLabel: string;
  onSubmit(input: PersonInput): Promise<void>;
}

const roleOptions: Option[] = Object.entries(personRoleLabels).map(([value, label]) => ({ value, label }));

export function validatePerson(input: PersonInput): FormError[] {
  const errors: FormError[] = [];
  const email = emailProblem(input.email, 'Enter their email address');
  if (email) errors.push({ field: 'email', message: email });
  if (!input.name.trim()) errors.push({ field: 'name', message: 'Enter their full name' });
  return errors;
}

export function PersonForm({ initial, organisations, staffGroups, submitLabel, onSubmit }: Props) {
  const [email, setEmail] = useState(initial?.email ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [org, setOrg] = useState(initial?.organisation_id == null ? '' : String(initial.organisation_id));
  const [group, setGroup] = useState(initial?.staff_group ?? '');
  const [jobRole, setJobRole] = useState(initial?.job_role ?? '');
  const [role, setRole] = useState<string>(initial?.role ?? '');
  const form = useSubmit();

  async function submit(e: Event) {
    e.preventDefault();
    const input: PersonInput = {
      email: email.trim(),
      name: name.trim(),
      organisation_id: organisations.find((o) => String(o.id) === org)?.id ?? null,
      staff_group: group,
      job_role: jobRole.trim(),
      role: role as PersonInput['role'],
    };
    const problems = validatePerson(input);
    if (problems.length) return form.setErrors(problems);
    await form.run(async () => {
      await onSubmit(input);
    });
  }

  const orgOptions = [{ value: '', label: 'No organisation' }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))];
  const groupOptions = [{ value: '', label: 'Not known' }, ...staffGroups.map((g) => ({ value: g, label: g }))];
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={form.errors} />
      <EmailField id="email" label="Email address" autoComplete="off" value={email} onValue={setEmail} error={form.fieldError('email')} />
      <TextField id="name" label="Full name" autoComplete="off" spellcheck={false} value={name} onValue={setName} error={form.fieldError('name')} />
      <SelectField id="organisation_id" label="Organisation" value={org} onValue={setOrg} options={orgOptions} error={form.fieldError('organisation_id')} />
      <SelectField id="staff_group" label="Staff group" value={group} onValue={setGroup} options={groupOptions} error={form.fieldError('staff_group')} />
      <TextField id="job_role" label="Job role (optional)" value={jobRole} onValue={setJobRole} error={form.fieldError('job_role')} />
      <SelectField
        id="role"
        label="Confer role"
        hint="Admins manage everything. Communications staff run campaigns. Facilitators run sessions."
        value={role}
        onValue={setRole}
        options={roleOptions}
        error={form.fieldError('role')}
      />
      <SubmitButton busy={form.busy}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
