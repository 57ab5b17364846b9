// Manage is where an admin opens feedback channels and changes them, and
// downloads channels and posts as CSV.
import '../styles/admin.scss';
import './feedback.scss';
import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { audienceLabels, createChannel, listChannels } from './api';
import { ChannelForm } from './ChannelForm';

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
              <a href={`/feedback/channels/${c.id}`}>{c.name}</a> ·{' '}
              <a href={`/feedback/manage/${c.id}`}>
                Change<span class="nhsuk-u-visually-hidden"> {c.name}</span>
              </a>
              <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">
                {audienceLabels[c.audience]} · {c.allow_anonymous ? 'anonymous allowed' : 'names required'} ·{' '}
                {c.require_approval ? 'posts checked first' : 'posts show at once'} · {c.public_posts} public posts
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2>Open a channel</h2>
      <ChannelForm
        submitLabel="Open channel"
        onSubmit={async (input) => {
          const ch = await createChannel(input);
          setCreated(ch.name);
          channels.reload();
        }}
      />
    </Page>
  );
}

export default function Manage() {
  return (
    <RequireRole roles={access.admin}>
      <ManagePage />
    </RequireRole>
  );
}
