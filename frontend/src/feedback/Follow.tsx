// Follow is the poster's private page, reached by their follow-up link: their
// post, whether it shows publicly (and if hidden, why), every reply the team
// sent them, and a form to answer back. Replies arrive live.
import './feedback.scss';
import { useCallback, useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { answerBack, getFollow, kindLabels, type FollowPost } from './api';
import { TextArea } from '../components/choices';
import { useLive } from '../components/live';
import { Announce } from '../components/LiveNote';
import { StatusTag, Tags } from './PostView';
import { SubmitButton } from '../components/fields';
import { InsetText } from '../components/InsetText';
import { FollowNotice } from '../decisions/FollowNotice';

function Visibility({ post }: { post: FollowPost }) {
  if (post.visibility === 'hidden') {
    return (
      <div class="nhsuk-warning-callout">
        <h2 class="nhsuk-warning-callout__label">
          <span class="nhsuk-u-visually-hidden">Important: </span>
          Your post has been hidden
        </h2>
        <p>A moderator hid it from the public page. They said:</p>
        <p class="app-feedback-text" data-testid="hidden-reason">
          {post.hidden_reason}
        </p>
        <p>The programme team can still read it and reply to you here.</p>
      </div>
    );
  }
  if (post.visibility === 'awaiting_approval') {
    return (
      <InsetText>
        <p>The team checks posts in this channel before they appear publicly. Yours is waiting to be checked.</p>
      </InsetText>
    );
  }
  return null;
}

function Conversation({ post }: { post: FollowPost }) {
  if (post.replies.length === 0) return <p>No replies yet. This page updates when the team replies.</p>;
  return (
    <>
      {post.replies.map((r) => (
        <div
          key={r.id}
          class={`app-feedback-reply${r.from === 'team' ? ' app-feedback-reply--team' : ''}`}
          data-testid="follow-reply"
        >
          <p class="app-feedback-meta">
            {r.from === 'team' ? `The programme team${r.public ? '' : ', to you only'}` : 'You'}, <Time value={r.created_at} />
          </p>
          <p class="app-feedback-text">{r.body}</p>
        </div>
      ))}
    </>
  );
}

function AnswerBack({ token, onSent }: { token: string; onSent(): void }) {
  const [body, setBody] = useState('');
  const [sent, setSent] = useState('');
  const form = useSubmit();
  async function submit(e: Event) {
    e.preventDefault();
    if (body.trim() === '') return form.setErrors([{ field: 'body', message: 'Enter your answer' }]);
    await form.run(async () => {
      await answerBack(token, body);
      setBody('');
      setSent('Your answer has been sent to the programme team.');
      onSent();
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={form.errors} />
      <TextArea
        id="body"
        label="Answer back"
        labelClass="nhsuk-label--m"
        hint="Only the programme team sees this. Up to 4,000 characters."
        value={body}
        error={form.fieldError('body')}
        onValue={setBody}
      />
      <SubmitButton busy={form.busy}>
        Send answer
      </SubmitButton>
      <p role="status">{sent}</p>
    </form>
  );
}

export default function Follow({ token }: { token: string }) {
  const post = useResource(() => getFollow(token), [token]);
  const [announcement, setAnnouncement] = useState('');
  const onFrame = useCallback(() => {
    setAnnouncement('This page has been updated.');
    post.reload();
  }, [post.reload]);
  useLive(`/ws/follow/${encodeURIComponent(token)}`, onFrame, post.reload);

  if (post.error) {
    return (
      <Page title="This link does not work">
        <LoadError error={post.error} />
        <p>Check you copied the whole link. Follow-up links are long and end in letters and numbers.</p>
      </Page>
    );
  }
  if (!post.data) return <Loading />;
  const p = post.data;
  return (
    <Page title="Your post" caption={p.channel.name}>
      <p class="nhsuk-body-s">
        Keep this page's address to yourself: anyone with it can read your post and its replies.
      </p>
      <FollowNotice token={token} />
      <Visibility post={p} />
      <dl class="nhsuk-summary-list">
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Type</dt>
          <dd class="nhsuk-summary-list__value">{kindLabels[p.kind]}</dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Posted</dt>
          <dd class="nhsuk-summary-list__value">
            <Time value={p.created_at} />
            {p.anonymous ? ', anonymously' : `, as ${p.name}`}
          </dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Status</dt>
          <dd class="nhsuk-summary-list__value" data-testid="follow-status">
            <StatusTag status={p.status} />
          </dd>
        </div>
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">"Me too"</dt>
          <dd class="nhsuk-summary-list__value">{p.metoo_count}</dd>
        </div>
      </dl>
      <Tags tags={p.tags} />
      <h2>You said</h2>
      <p class="app-feedback-text">{p.body}</p>
      {p.status === 'actioned' && p.action_taken && (
        <>
          <h2>We did</h2>
          <p class="app-feedback-text">{p.action_taken}</p>
        </>
      )}
      <h2>Replies</h2>
      <Announce text={announcement} />
      <Conversation post={p} />
      <AnswerBack token={token} onSent={post.reload} />
    </Page>
  );
}
