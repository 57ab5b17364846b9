// Channels is the public front door of feedback: every open channel, what it
// is for and who it is for, and a link to what has changed because of it.
import './feedback.scss';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { audienceLabels, listChannels } from './api';

export default function Channels() {
  const channels = useResource(listChannels, []);
  return (
    <Page title="Have your say">
      <p class="nhsuk-lede-text">
        Raise a concern, share an idea or ask a question about the changes in your integrated care system. You do not
        need an account, and in most channels you can stay anonymous.
      </p>
      <p>
        <a href="/you-said-we-did">You said, we did: see what has changed because of feedback</a>
      </p>
      {channels.error ? <LoadError error={channels.error} /> : null}
      {!channels.data ? (
        channels.loading && <Loading />
      ) : channels.data.length === 0 ? (
        <p>There are no channels yet.</p>
      ) : (
        <ul class="nhsuk-list nhsuk-list--border">
          {channels.data.map((c) => (
            <li key={c.id}>
              <h2 class="nhsuk-heading-s nhsuk-u-margin-bottom-1">
                <a href={`/feedback/channels/${c.id}`}>{c.name}</a>
              </h2>
              {c.description && <p class="nhsuk-body-s nhsuk-u-margin-bottom-1 app-feedback-text">{c.description}</p>}
              <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">
                For {audienceLabels[c.audience].toLowerCase()} · {c.public_posts} {c.public_posts === 1 ? 'post' : 'posts'}
                {c.allow_anonymous ? ' · anonymous posts welcome' : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
