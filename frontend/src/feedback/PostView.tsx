// PostView shows a post as anyone may see it: kind, status, tags, the text
// exactly as written (plain text: markup shows literally, never runs), the
// programme's public replies and what was done, and the "me too" button.
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { Time } from '../components/Time';
import { kindLabels, metoo, statusLabels, type PublicPost, type Status } from './api';
import { InsetText } from '../components/InsetText';

const statusTag: Record<Status, string> = {
  new: 'nhsuk-tag--grey',
  acknowledged: 'nhsuk-tag--blue',
  answered: 'nhsuk-tag--aqua-green',
  actioned: 'nhsuk-tag--green',
  closed: 'nhsuk-tag--white',
};

export function StatusTag({ status }: { status: Status }) {
  return <strong class={`nhsuk-tag ${statusTag[status]}`}>{statusLabels[status]}</strong>;
}

export function Tags({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul class="app-feedback-tags" aria-label="Themes">
      {tags.map((t) => (
        <li key={t}>
          <strong class="nhsuk-tag nhsuk-tag--purple">{t}</strong>
        </li>
      ))}
    </ul>
  );
}

// voted remembers, in this browser only, the posts it said "me too" to; the
// server enforces once per browser with its own cookie.
const votedKey = 'confer.feedback.metoo';
function loadVoted(): Set<number> {
  try {
    return new Set(JSON.parse(localStorage.getItem(votedKey) ?? '[]') as number[]);
  } catch {
    return new Set();
  }
}
function rememberVote(id: number) {
  const v = loadVoted();
  v.add(id);
  try {
    localStorage.setItem(votedKey, JSON.stringify([...v].slice(-500)));
  } catch {
    // storage full or blocked: the server still refuses a second vote
  }
}

function MetooButton({ post, onCount }: { post: PublicPost; onCount(n: number): void }) {
  const [voted, setVoted] = useState(() => loadVoted().has(post.id));
  const [message, setMessage] = useState('');
  async function press() {
    try {
      const res = await metoo(post.id);
      onCount(res.metoo_count);
      setMessage('Thank you: your "me too" is counted.');
      rememberVote(post.id);
      setVoted(true);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        rememberVote(post.id);
        setVoted(true);
        setMessage('You have already said "me too" to this.');
      } else {
        setMessage(err instanceof ApiError ? err.message : 'Could not count that. Try again');
      }
    }
  }
  const count = `${post.metoo_count} ${post.metoo_count === 1 ? 'person says' : 'people say'} "me too"`;
  return (
    <div class="app-feedback-metoo">
      <p class="nhsuk-body-s nhsuk-u-margin-bottom-2" data-testid="metoo-count">
        {count}
      </p>
      <button
        type="button"
        class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-2"
        onClick={press}
        disabled={voted}
        aria-describedby={`metoo-msg-${post.id}`}
      >
        {voted ? 'You said me too' : 'Me too'}
        <span class="nhsuk-u-visually-hidden"> (post {post.id})</span>
      </button>
      <p class="nhsuk-body-s" id={`metoo-msg-${post.id}`} role="status">
        {message}
      </p>
    </div>
  );
}

interface Props {
  post: PublicPost;
  /** headingLevel is the level of the post's heading (3 in lists). */
  showChannel?: boolean;
  withMetoo?: boolean;
  onCount?(n: number): void;
}

export function PostView({ post, showChannel, withMetoo, onCount }: Props) {
  return (
    <div class="nhsuk-card" data-post-id={post.id}>
      <div class="nhsuk-card__content">
        <h3 class="nhsuk-card__heading nhsuk-heading-s">
          {kindLabels[post.kind]}
          {showChannel && post.channel ? ` in ${post.channel.name}` : ''}
          <span class="nhsuk-u-visually-hidden"> number {post.id}</span>
        </h3>
        <p class="app-feedback-meta">
          Posted <Time value={post.created_at} /> · <StatusTag status={post.status} />
        </p>
        <Tags tags={post.tags} />
        <p class="app-feedback-text" data-testid="post-body">
          {post.body}
        </p>
        {post.status === 'actioned' && post.action_taken && (
          <InsetText>
            <p class="nhsuk-u-margin-bottom-1">
              <strong>We did:</strong>
            </p>
            <p class="app-feedback-text">{post.action_taken}</p>
          </InsetText>
        )}
        {post.replies.map((r) => (
          <div class="app-feedback-reply app-feedback-reply--team" key={r.id} data-testid="reply">
            <p class="app-feedback-meta">
              Reply from the programme team, <Time value={r.created_at} />
            </p>
            <p class="app-feedback-text">{r.body}</p>
          </div>
        ))}
        {withMetoo && onCount && <MetooButton post={post} onCount={onCount} />}
      </div>
    </div>
  );
}
