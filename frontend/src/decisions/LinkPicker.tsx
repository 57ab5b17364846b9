// LinkPicker adds what informed a decision: feedback posts (filtered by
// channel and theme), themes, workshop polls and questions, and engagement
// sessions, each found through the team's own lists. Workshops and sessions
// are the facilitators' lists: someone without that role is told so.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type ID } from '../api';
import { listSessions } from '../bookings/api';
import { Radios } from '../components/choices';
import { SelectField } from '../components/fields';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { kindLabels as postKindLabels, listChannels, listQueue } from '../feedback/api';
import { getWorkshop, listWorkshops, type Question } from '../polls/api';
import { addLink, type Decision, type LinkKind } from './api';
import { linkKindLabels, when } from './words';

type Add = (kind: LinkKind, id: ID | string, what: string) => Promise<void>;

interface Candidate {
  key: string;
  id: ID | string;
  title: string;
  detail?: string;
}

const snippet = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Candidates lists things to link, each with a Link button (or "Linked" when it already is). */
function Candidates({ kind, items, linked, busy, add, empty }: { kind: LinkKind; items: Candidate[]; linked: Set<string>; busy: boolean; add: Add; empty: string }) {
  if (items.length === 0) return <p>{empty}</p>;
  return (
    <ul class="nhsuk-list app-pick-list" data-testid={`pick-${kind}`}>
      {items.map((c) => (
        <li key={c.key}>
          {/* The text takes focus after its Link button gives way to "Linked". */}
          <div id={`pick-${kind}-${c.key}`} tabIndex={-1}>
            <p class="nhsuk-u-margin-bottom-0 app-decision-text">{c.title}</p>
            {c.detail && <p class="app-decision-meta nhsuk-u-margin-bottom-0">{c.detail}</p>}
          </div>
          {linked.has(`${kind}:${c.id}`) ? (
            <strong class="nhsuk-tag nhsuk-tag--green">Linked</strong>
          ) : (
            <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={busy} onClick={() => add(kind, c.id, c.title)}>
              Link<span class="nhsuk-u-visually-hidden"> {snippet(c.title, 60)}</span>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** NotForRole explains a 403 from a facilitator's list, instead of an error box. */
function Failed({ error, what }: { error: unknown; what: string }) {
  if (error instanceof ApiError && error.status === 403) return <p>Only facilitators and admins can see {what}. Ask one to link them.</p>;
  return <LoadError error={error} />;
}

function Posts(props: { linked: Set<string>; busy: boolean; add: Add }) {
  const [channel, setChannel] = useState('');
  const [tag, setTag] = useState('');
  const channels = useResource(listChannels, []);
  const tags = useResource(() => api.get<{ tag: string }[]>('/feedback/tags'), []);
  const posts = useResource(() => listQueue({ channel_id: channel || undefined, tag: tag || undefined }), [channel, tag]);
  const items: Candidate[] = (posts.data?.items ?? []).map((p) => ({
    key: String(p.id),
    id: p.id,
    title: `${postKindLabels[p.kind]} ${p.id}: ${snippet(p.body)}`,
    detail: `${p.channel.name} · ${p.anonymous ? 'Anonymous' : p.name || 'Named'} · ${when(p.created_at)}`,
  }));
  return (
    <>
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-one-half">
          <SelectField id="pick-channel" label="Channel" value={channel} onValue={setChannel} options={[{ value: '', label: 'All channels' }, ...(channels.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))]} />
        </div>
        <div class="nhsuk-grid-column-one-half">
          <SelectField id="pick-tag" label="Theme" value={tag} onValue={setTag} options={[{ value: '', label: 'Any theme' }, ...(tags.data ?? []).map((t) => ({ value: t.tag, label: t.tag }))]} />
        </div>
      </div>
      {posts.error ? <LoadError error={posts.error} /> : posts.data ? <Candidates kind="post" items={items} empty="No posts match." {...props} /> : <Loading />}
      {posts.data && posts.data.total > posts.data.items.length && (
        <p class="app-decision-meta">Showing the newest {posts.data.items.length} of {posts.data.total}. Choose a channel or theme to find older posts.</p>
      )}
    </>
  );
}

function Themes(props: { linked: Set<string>; busy: boolean; add: Add }) {
  const tags = useResource(() => api.get<{ tag: string; posts: number }[]>('/feedback/tags'), []);
  if (tags.error) return <LoadError error={tags.error} />;
  if (!tags.data) return <Loading />;
  const items = tags.data.map((t) => ({ key: t.tag, id: t.tag, title: t.tag, detail: `${t.posts} ${t.posts === 1 ? 'post' : 'posts'}` }));
  return <Candidates kind="theme" items={items} empty="No posts have themes yet. Add themes to posts in feedback triage." {...props} />;
}

/** WorkshopThings lists a workshop's polls or its questions. */
function WorkshopThings({ kind, ...props }: { kind: 'poll' | 'question'; linked: Set<string>; busy: boolean; add: Add }) {
  const [workshop, setWorkshop] = useState('');
  const workshops = useResource(listWorkshops, []);
  const things = useResource<Candidate[]>(async () => {
    if (!workshop) return [];
    if (kind === 'poll') {
      const w = await getWorkshop(Number(workshop));
      return (w.polls ?? []).map((p) => ({ key: String(p.id), id: p.id, title: p.question, detail: p.votes === undefined ? undefined : `${p.votes} ${p.votes === 1 ? 'answer' : 'answers'}` }));
    }
    const qs = await api.get<Question[]>(`/workshops/${workshop}/questions`);
    return qs.map((q) => ({ key: String(q.id), id: q.id, title: q.text, detail: `${q.upvotes} ${q.upvotes === 1 ? 'upvote' : 'upvotes'}` }));
  }, [workshop, kind]);
  if (workshops.error) return <Failed error={workshops.error} what="workshops" />;
  if (!workshops.data) return <Loading />;
  return (
    <>
      <SelectField
        id={`pick-workshop-${kind}`}
        label="Workshop"
        value={workshop}
        onValue={setWorkshop}
        options={[{ value: '', label: 'Select a workshop' }, ...workshops.data.map((w) => ({ value: String(w.id), label: w.title }))]}
      />
      {!workshop ? null : things.error ? <LoadError error={things.error} /> : things.loading ? <Loading /> : (
        <Candidates kind={kind} items={things.data ?? []} empty={kind === 'poll' ? 'This workshop has no polls.' : 'Nobody has asked a question in this workshop.'} {...props} />
      )}
    </>
  );
}

function Sessions(props: { linked: Set<string>; busy: boolean; add: Add }) {
  const sessions = useResource(listSessions, []);
  if (sessions.error) return <Failed error={sessions.error} what="engagement sessions" />;
  if (!sessions.data) return <Loading />;
  const items = sessions.data.map((s) => ({ key: String(s.id), id: s.id, title: s.title }));
  return <Candidates kind="session" items={items} empty="There are no engagement sessions yet." {...props} />;
}

const kinds: LinkKind[] = ['post', 'theme', 'poll', 'question', 'session'];

// focusAfterLink names the candidate whose Link button was just used: once the
// decision reloads and the button has become "Linked", its text takes focus, so
// a keyboard user stays where they were in the list.
let focusAfterLink = '';

export function LinkPicker({ decision, onLinked }: { decision: Decision; onLinked(message: string): void }) {
  const [kind, setKind] = useState<LinkKind>('post');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const linked = new Set((decision.links ?? []).map((l) => `${l.kind}:${l.target_id}`));
  useEffect(() => {
    if (!focusAfterLink) return;
    const el = document.getElementById(focusAfterLink);
    if (el && !el.parentElement?.querySelector('button')) {
      el.focus();
      focusAfterLink = '';
    }
  });
  const add: Add = async (k, id, what) => {
    setBusy(true);
    setError(undefined);
    try {
      await addLink(decision.id, k, id);
      focusAfterLink = `pick-${k}-${id}`;
      onLinked(`Linked ${linkKindLabels[k].toLowerCase()}: ${snippet(what, 80)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const props = { linked, busy, add };
  return (
    <section aria-labelledby="link-heading" class="nhsuk-u-margin-bottom-6">
      <h3 id="link-heading">Link what informed it</h3>
      {error ? <LoadError error={error} /> : null}
      <Radios
        id="link-kind"
        legend="What do you want to link?"
        inline
        small
        options={kinds.map((k) => ({ value: k, label: linkKindLabels[k] }))}
        value={kind}
        onValue={(k) => setKind(k as LinkKind)}
      />
      {kind === 'post' && <Posts {...props} />}
      {kind === 'theme' && <Themes {...props} />}
      {kind === 'poll' && <WorkshopThings kind="poll" key="poll" {...props} />}
      {kind === 'question' && <WorkshopThings kind="question" key="question" {...props} />}
      {kind === 'session' && <Sessions {...props} />}
    </section>
  );
}
