// OpenAnswer is the page behind a pulse's open link (/pulse/open/{token}), for staff
// who were not sent their own link: they say which organisation and staff group they
// are in (their answers are counted apart from personal links), then answer.
import './pulses.scss';
import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { ApiError, type ID } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, SubmitButton, TextField } from '../components/fields';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { api } from '../api';
import { getOpen, saveOpen, type PublicPulse } from './api';
import { NotOpen, Saved } from './Answer';
import { QuestionsForm, answersOf, draftFrom, onAnswersError, type Draft } from './QuestionsForm';

function OpenForm({ token, pulse, organisations, groups }: { token: string; pulse: PublicPulse; organisations: { id: ID; name: string }[]; groups: string[] }) {
  const [draft, setDraft] = useState<Draft>(() => draftFrom(pulse.questions, []));
  const [org, setOrg] = useState('');
  const [group, setGroup] = useState('');
  const [role, setRole] = useState('');
  const [saved, setSaved] = useState(false);
  const form = useSubmit();
  if (saved) return <Saved text="Your answers have been saved. Thank you for taking part." />;
  const submit = (e: Event) => {
    e.preventDefault();
    const missing = [
      ...(org ? [] : [{ field: 'organisation_id', message: 'Select your organisation' }]),
      ...(group ? [] : [{ field: 'staff_group', message: 'Select your staff group' }]),
    ];
    if (missing.length > 0) {
      form.setErrors(missing);
      return;
    }
    void form.run(async () => {
      await saveOpen(token, { organisation_id: org ? Number(org) : null, staff_group: group, job_role: role, answers: answersOf(pulse.questions, draft) });
      setSaved(true);
    }, onAnswersError(pulse.questions, form.setErrors));
  };
  return (
    <>
      <ErrorSummary errors={form.errors} />
      {pulse.intro && <p class="app-pulse-intro">{pulse.intro}</p>}
      <p>Your answers are counted for your organisation and staff group. Nobody sees your name: we do not ask for it.</p>
      <form noValidate onSubmit={submit} class="app-pulse-form">
        <h2>About you</h2>
        <SelectField
          id="organisation_id"
          label="Your organisation"
          value={org}
          options={[{ value: '', label: 'Select your organisation' }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))]}
          error={form.fieldError('organisation_id')}
          onValue={setOrg}
        />
        <SelectField
          id="staff_group"
          label="Your staff group"
          value={group}
          options={[{ value: '', label: 'Select your staff group' }, ...groups.map((g) => ({ value: g, label: g }))]}
          error={form.fieldError('staff_group')}
          onValue={setGroup}
        />
        <TextField id="job_role" label="Your job role (optional)" hint="For example, Staff Nurse" value={role} error={form.fieldError('job_role')} onValue={setRole} autoComplete="organization-title" />
        <h2>Questions</h2>
        <QuestionsForm questions={pulse.questions} draft={draft} onDraft={setDraft} error={form.fieldError} />
        <SubmitButton busy={form.busy}>Save my answers</SubmitButton>
      </form>
    </>
  );
}

export default function OpenAnswer() {
  const { params } = useRoute();
  const token = params.token ?? '';
  const page = useResource(() => getOpen(token), [token]);
  const orgs = useResource(listOrganisations, []);
  const groups = useResource(() => api.get<string[]>('/staff-groups'), []);
  if (page.error) {
    const missing = page.error instanceof ApiError && page.error.status === 404;
    return (
      <Page title={missing ? 'This link does not work' : 'Sorry, there is a problem'}>
        <p>{missing ? 'The link may have been replaced with a new one. Ask whoever shared it for the current link.' : 'Try again later.'}</p>
      </Page>
    );
  }
  if (!page.data || !orgs.data || !groups.data) return <Loading />;
  const p = page.data.pulse;
  return (
    <Page title={p.title}>
      {p.state === 'open' ? <OpenForm token={token} pulse={p} organisations={orgs.data} groups={groups.data} /> : <NotOpen pulse={p} />}
    </Page>
  );
}
