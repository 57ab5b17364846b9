// TriagePost is one post in full for the programme team: who sent it (if they
// said), the conversation, and the forms to set status, themes and what was
// done, to reply publicly or privately, and (admins) to moderate.
import '../styles/admin.scss';
import './feedback.scss';
import { useCallback, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useSession } from '../auth/session';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/fields';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import {
  getTeamPost,
  kindLabels,
  moderatePost,
  replyToPost,
  statuses,
  statusLabels,
  triagePost,
  visibilityLabels,
  type Status,
  type TeamPostDetail,
} from './api';
import { Radios, TextArea } from '../components/choices';
import { useLive, type Frame } from '../components/live';
import { Announce } from '../components/LiveNote';
import { StatusTag, Tags } from './PostView';

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">{label}</dt>
      <dd class="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

function Summary({ p }: { p: TeamPostDetail }) {
  return (
    <dl class="nhsuk-summary-list">
      <Row label="Channel">{p.channel.name}</Row>
      <Row label="From">
        {p.anonymous ? 'Anonymous' : p.name}
        {p.email && (
          <>
            {' '}
            (<a href={`mailto:${p.email}`}>{p.email}</a>)
          </>
        )}
      </Row>
      <Row label="Organisation">{p.organisation?.name ?? 'Not given'}</Row>
      <Row label="Staff group">{p.staff_group || 'Not given'}</Row>
      <Row label="Posted">
        <Time value={p.created_at} />
      </Row>
      <Row label="Status">
        <StatusTag status={p.status} />
      </Row>
      <Row label="Visibility">
        {visibilityLabels[p.visibility]}
        {p.hidden_reason && <span class="app-feedback-text">: {p.hidden_reason}</span>}
      </Row>
      <Row label="Me too">{p.metoo_count}</Row>
    </dl>
  );
}

// TriageForm keeps what the user is typing when the post reloads (after a reply, or a
// live update from a colleague): it is keyed by post, not by version.
function TriageForm({ p, onSaved }: { p: TeamPostDetail; onSaved(msg: string): void }) {
  const [status, setStatus] = useState<Status>(p.status);
  const [tags, setTags] = useState(p.tags.join(', '));
  const [action, setAction] = useState(p.action_taken);
  const form = useSubmit();
  async function submit(e: Event) {
    e.preventDefault();
    await form.run(async () => {
      const list = tags.split(',').map((t) => t.trim()).filter(Boolean);
      await triagePost(p.id, { status, tags: list, action_taken: action });
      onSaved('Triage saved');
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <h2>Triage</h2>
      <ErrorSummary errors={form.errors} />
      <SelectField
        id="status"
        label="Status"
        value={status}
        options={statuses.map((s) => ({ value: s, label: statusLabels[s] }))}
        error={form.fieldError('status')}
        onValue={(v) => setStatus(v as Status)}
      />
      <TextField id="tags" label="Themes" hint="Separate themes with commas, for example: training, night shifts" value={tags} error={form.fieldError('tags')} onValue={setTags} />
      <TextArea
        id="action_taken"
        label="What was done"
        hint={'Needed to mark the post actioned. Shown publicly on "You said, we did".'}
        value={action}
        rows={3}
        error={form.fieldError('action_taken')}
        onValue={setAction}
      />
      <button class="nhsuk-button" type="submit">
        Save triage
      </button>
    </form>
  );
}

function ReplyForm({ p, onSaved }: { p: TeamPostDetail; onSaved(msg: string): void }) {
  const [body, setBody] = useState('');
  const [audience, setAudience] = useState('');
  const form = useSubmit();
  async function submit(e: Event) {
    e.preventDefault();
    const problems = [];
    if (body.trim() === '') problems.push({ field: 'body', message: 'Enter your reply' });
    if (!audience) problems.push({ field: 'public', message: 'Select who can see the reply' });
    if (problems.length) return form.setErrors(problems);
    await form.run(async () => {
      await replyToPost(p.id, body, audience === 'public');
      setBody('');
      setAudience('');
      onSaved(p.email ? `Reply sent; ${p.email} has been emailed` : 'Reply sent');
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <h2>Reply</h2>
      <ErrorSummary errors={form.errors} />
      <TextArea id="body" label="Your reply" value={body} error={form.fieldError('body')} onValue={setBody} />
      <Radios
        id="public"
        legend="Who can see it?"
        value={audience}
        error={form.fieldError('public')}
        options={[
          { value: 'public', label: 'Everyone', hint: 'Shown under the post on the public page' },
          { value: 'private', label: 'Only the person who posted', hint: 'On their follow-up page, and by email if they gave one' },
        ]}
        onValue={setAudience}
      />
      <button class="nhsuk-button" type="submit">
        Send reply
      </button>
    </form>
  );
}

function Moderation({ p, onSaved }: { p: TeamPostDetail; onSaved(msg: string): void }) {
  const [action, setAction] = useState('');
  const [reason, setReason] = useState('');
  const form = useSubmit();
  const options = [
    ...(p.hidden ? [{ value: 'unhide', label: 'Show it again' }] : [{ value: 'hide', label: 'Hide it from the public page' }]),
    ...(!p.approved ? [{ value: 'approve', label: 'Approve it for the public page' }] : []),
  ];
  async function submit(e: Event) {
    e.preventDefault();
    if (!action) return form.setErrors([{ field: 'action', message: 'Select what to do' }]);
    await form.run(async () => {
      await moderatePost(p.id, action, reason);
      setAction('');
      setReason('');
      onSaved('Moderation recorded');
    });
  }
  return (
    <form onSubmit={submit} noValidate>
      <h2>Moderation</h2>
      <ErrorSummary errors={form.errors} />
      <Radios id="action" legend="What do you want to do?" value={action} options={options} error={form.fieldError('action')} onValue={setAction} />
      <TextArea
        id="reason"
        label="Reason"
        hint="Needed to hide a post. The person who posted sees it on their follow-up page."
        rows={3}
        value={reason}
        error={form.fieldError('reason')}
        onValue={setReason}
      />
      <button class="nhsuk-button nhsuk-button--secondary" type="submit">
        Record decision
      </button>
      {p.moderation.length > 0 && (
        <>
          <h3>Audit trail</h3>
          <ul class="nhsuk-list nhsuk-list--bullet" data-testid="audit-trail">
            {p.moderation.map((m) => (
              <li key={m.id}>
                <Time value={m.created_at} />: {m.actor_name} chose “{m.action}”
                {m.reason && <span class="app-feedback-text"> ({m.reason})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </form>
  );
}

function errorText(err: unknown): string {
  return err instanceof ApiError ? err.message : 'Something went wrong. Try again later';
}

function TriagePostPage({ id }: { id: string }) {
  const post = useResource(() => getTeamPost(id), [id]);
  const { me } = useSession();
  const [saved, setSaved] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [problem, setProblem] = useState('');
  const onFrame = useCallback(
    (f: Frame) => {
      if (f.post_id === Number(id) || (f.post as { id?: number } | undefined)?.id === Number(id)) {
        setAnnouncement('This post has been updated.');
        post.reload();
      }
    },
    [id, post.reload],
  );
  useLive('/ws/feedback/team', onFrame, post.reload);
  const done = (msg: string) => {
    setProblem('');
    setSaved(msg);
    post.reload();
  };
  if (post.error) return <LoadError error={post.error} />;
  if (!post.data) return <Loading />;
  const p = post.data;
  return (
    <Page title={`${kindLabels[p.kind]} ${p.id}`} caption="Feedback triage" back={{ href: '/feedback/triage', label: 'Back to the queue' }}>
      {saved && <SuccessBanner heading={saved} />}
      <ErrorSummary errors={problem ? [{ message: problem }] : []} />
      <Announce text={announcement} />
      <Summary p={p} />
      {p.status === 'new' && (
        <button
          type="button"
          class="nhsuk-button nhsuk-button--secondary"
          onClick={() => triagePost(p.id, { status: 'acknowledged' }).then(() => done('Acknowledged'), (err: unknown) => setProblem(errorText(err)))}
        >
          Acknowledge
        </button>
      )}
      <Tags tags={p.tags} />
      <h2>They said</h2>
      <p class="app-feedback-text" data-testid="post-body">
        {p.body}
      </p>
      <h2>Conversation</h2>
      {p.replies.length === 0 ? (
        <p>No replies yet.</p>
      ) : (
        p.replies.map((r) => (
          <div key={r.id} class={`app-feedback-reply${r.from === 'team' ? ' app-feedback-reply--team' : ''}`} data-testid="team-reply">
            <p class="app-feedback-meta">
              {r.from === 'team' ? `${r.author_name || 'Programme team'}, ${r.public ? 'public' : 'private'}` : 'The person who posted'},{' '}
              <Time value={r.created_at} />
            </p>
            <p class="app-feedback-text">{r.body}</p>
          </div>
        ))
      )}
      <ReplyForm p={p} onSaved={done} />
      <TriageForm key={p.id} p={p} onSaved={done} />
      {me?.role === 'admin' && <Moderation p={p} onSaved={done} />}
    </Page>
  );
}

export default function TriagePost({ id }: { id: string }) {
  return (
    <RequireRole>
      <TriagePostPage id={id} />
    </RequireRole>
  );
}
