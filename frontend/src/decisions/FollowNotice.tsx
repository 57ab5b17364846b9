// FollowNotice tells a poster, on their follow-up page, that a published
// decision links what they raised: the only way an anonymous poster can hear
// back. It shows nothing until there is such a decision.
import { useId } from 'preact/hooks';
import { publishedDay } from './words';
import { useResource } from '../components/useResource';
import { followDecisions } from './api';

export function FollowNotice({ token }: { token: string }) {
  const decisions = useResource(() => followDecisions(token), [token]);
  const titleId = useId();
  const list = decisions.data ?? [];
  if (list.length === 0) return null;
  return (
    <div class="nhsuk-notification-banner" role="region" aria-labelledby={titleId} data-testid="follow-decisions">
      <div class="nhsuk-notification-banner__header">
        <h2 class="nhsuk-notification-banner__title" id={titleId}>
          Important
        </h2>
      </div>
      <div class="nhsuk-notification-banner__content">
        <p class="nhsuk-notification-banner__heading">
          {list.length === 1 ? 'A decision was made on what you raised' : `${list.length} decisions were made on what you raised`}
        </p>
        <ul class="nhsuk-list">
          {list.map((d) => (
            <li key={d.id}>
              <a class="nhsuk-notification-banner__link" href={d.url || `/decisions/${d.id}`}>
                {d.title}
              </a>
              {d.decided && <p class="nhsuk-u-margin-bottom-1 app-feedback-text">{d.decided}</p>}
              {d.published_at && (
                <p class="nhsuk-body-s">
                  Published on <time dateTime={d.published_at}>{publishedDay(d.published_at)}</time>
                </p>
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
