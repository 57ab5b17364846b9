// Channel is a feedback channel's public page: what it is for, the form to
// post, and its public posts, most "me too" first or newest first. New posts,
// replies and counts arrive live over /ws/channels/:id.
import './feedback.scss';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { audienceLabels, getChannel, listPosts, type CreatedPost, type PublicPost, type PublicReply } from './api';
import { useLive, type Frame } from '../components/live';
import { LiveNote } from '../components/LiveNote';
import { Posted } from './Posted';
import { PostForm } from './PostForm';
import { PostView } from './PostView';

type Sort = 'top' | 'new';

function order(posts: PublicPost[], sort: Sort): PublicPost[] {
  return [...posts].sort((a, b) => (sort === 'top' ? b.metoo_count - a.metoo_count || b.id - a.id : b.id - a.id));
}

/** applyFrame folds a live frame into the list of posts. */
export function applyFrame(posts: PublicPost[], f: Frame, sort: Sort): PublicPost[] {
  if (f.type === 'post') {
    const p = f.post as PublicPost;
    const rest = posts.filter((x) => x.id !== p.id);
    return order([p, ...rest], sort);
  }
  if (f.type === 'reply') {
    const r = f.reply as PublicReply;
    return posts.map((p) =>
      p.id === f.post_id && !p.replies.some((x) => x.id === r.id) ? { ...p, replies: [...p.replies, r] } : p,
    );
  }
  if (f.type === 'post_removed') return posts.filter((p) => p.id !== f.post_id);
  return posts;
}

export default function ChannelPage({ id }: { id: string }) {
  const channel = useResource(() => getChannel(id), [id]);
  const [sort, setSort] = useState<Sort>('top');
  const [posts, setPosts] = useState<PublicPost[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<CreatedPost | null>(null);
  const [announcement, setAnnouncement] = useState('');

  const refetch = useCallback(() => {
    listPosts(id, sort).then(
      (page) => {
        setPosts(page.items);
        setError(null);
      },
      (err: unknown) => setError(err),
    );
  }, [id, sort]);

  useEffect(refetch, [refetch]);

  const onFrame = useCallback(
    (f: Frame) => {
      setPosts((old) => {
        if (!old) return old;
        const known = f.type === 'post' && old.some((p) => p.id === (f.post as PublicPost).id);
        if (f.type === 'post' && !known) setAnnouncement('A new post has arrived.');
        if (f.type === 'reply') setAnnouncement('The programme team has replied to a post.');
        return applyFrame(old, f, sort);
      });
    },
    [sort],
  );
  const live = useLive(`/ws/channels/${id}`, onFrame, refetch);

  if (channel.error) return <LoadError error={channel.error} />;
  if (!channel.data) return <Loading />;
  const ch = channel.data;
  return (
    <Page title={ch.name} caption="Have your say" back={{ href: '/feedback', label: 'All channels' }}>
      {ch.description && <p class="nhsuk-lede-text app-feedback-text">{ch.description}</p>}
      <p class="nhsuk-body-s">For: {audienceLabels[ch.audience]}</p>
      {created ? (
        <>
          <Posted created={created} />
          <p>
            <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick={() => setCreated(null)}>
              Post something else
            </button>
          </p>
        </>
      ) : (
        <PostForm channel={ch} onPosted={setCreated} />
      )}
      <h2>What people have said</h2>
      <LiveNote status={live} open="Updates appear here as they happen." announcement={announcement} />
      <div class="app-button-row">
        <p class="nhsuk-body-s">Sort by:</p>
        <button type="button" class="app-link-button" aria-pressed={sort === 'top'} onClick={() => setSort('top')}>
          Most "me too"
        </button>
        <button type="button" class="app-link-button" aria-pressed={sort === 'new'} onClick={() => setSort('new')}>
          Newest
        </button>
      </div>
      {error ? <LoadError error={error} /> : null}
      {posts === null ? (
        <Loading what="Loading posts" />
      ) : posts.length === 0 ? (
        <p>Nobody has posted here yet.</p>
      ) : (
        <div data-testid="posts">
          {posts.map((p) => (
            <PostView
              key={p.id}
              post={p}
              withMetoo
              onCount={(n) => setPosts((old) => old && old.map((x) => (x.id === p.id ? { ...x, metoo_count: n } : x)))}
            />
          ))}
        </div>
      )}
      <p>
        <a href="/you-said-we-did">You said, we did: what has changed because of feedback</a>
      </p>
    </Page>
  );
}
