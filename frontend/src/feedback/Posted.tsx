// Posted confirms a new post and gives the poster their private follow-up
// link, once: the server keeps only its hash and cannot show it again.
import { useEffect, useRef } from 'preact/hooks';
import type { CreatedPost } from './api';

export function Posted({ created }: { created: CreatedPost }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [created.id]);
  const path = new URL(created.follow_url).pathname;
  const link = `${location.origin}${path}`;
  return (
    <div class="nhsuk-panel" tabIndex={-1} ref={ref} role="status" aria-labelledby="posted-title">
      <h2 class="nhsuk-panel__title" id="posted-title">
        Thank you: we have your post
      </h2>
      <div class="nhsuk-panel__body">
        {created.visibility === 'awaiting_approval' ? (
          <p>The team will check it before it appears here.</p>
        ) : (
          <p>It now shows on this page.</p>
        )}
        <p>Keep this private link. It is the only way to read the team's replies and answer back:</p>
        <p class="app-feedback-link">
          <a href={path} data-testid="follow-link">
            {link}
          </a>
        </p>
      </div>
    </div>
  );
}
