// Manage is where an admin opens feedback channels and changes them, and
// downloads channels and posts as CSV.
import '../styles/admin.scss';
import './feedback.scss';
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/fields';
import { useFormErrors } from '../components/formErrors';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { audienceLabels, createChannel, listChannels, type Audience } from './api';
import { Checkbox, Radios, TextArea } from './fields';

function NewChannel({ onCreated }: { onCreated(name: string): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [audience, setAudience] = useState('');
  const [anonymous, setAnonymous] = useState(true);
  const [approval, setApproval] = useState(false);
  const form = useFormErrors();
  async function submit(e: Event) {
    e.preventDefault();
    try {
      const ch = await createChannel({
        name,
        description,
        audience: audience as Audience,
        allow_anonymous: anonymous,
        require_approval: approval,
      });
      setName('');
      setDescription('');
      form.clear();
      onCreated(ch.name);
    } catch (err) {
      form.fail(err);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <h2>Open a channel</h2>
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
              checked={approval}
              onChecked={setApproval}
            />
          </div>
        </fieldset>
      </div>
      <button class="nhsuk-button" type="submit">
        Open channel
      </button>
    </form>
  );
}

function ManagePage() {
  const channels = useResource(listChannels, []);
  const [created, setCreated] = useState('');
  return (
    <Page title="Feedback channels" back={{ href: '/feedback/triage', label: 'Back to triage' }}>
      {created && <SuccessBanner heading={`${created} opened`} />}
      <p>
        <a href="/api/v1/feedback/export/channels.csv" download>
          Download channels (CSV)
        </a>{' '}
        ·{' '}
        <a href="/api/v1/feedback/export/posts.csv" download>
          Download posts (CSV)
        </a>
      </p>
      {channels.error ? <LoadError error={channels.error} /> : null}
      {!channels.data ? (
        <Loading />
      ) : (
        <ul class="nhsuk-list nhsuk-list--border">
          {channels.data.map((c) => (
            <li key={c.id}>
              <a href={`/feedback/channels/${c.id}`}>{c.name}</a>
              <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">
                {audienceLabels[c.audience]} · {c.allow_anonymous ? 'anonymous allowed' : 'names required'} ·{' '}
                {c.require_approval ? 'posts checked first' : 'posts show at once'} · {c.public_posts} public posts
              </p>
            </li>
          ))}
        </ul>
      )}
      <NewChannel
        onCreated={(name) => {
          setCreated(name);
          channels.reload();
        }}
      />
    </Page>
  );
}

export default function Manage() {
  return (
    <RequireRole roles={['admin']}>
      <ManagePage />
    </RequireRole>
  );
}
