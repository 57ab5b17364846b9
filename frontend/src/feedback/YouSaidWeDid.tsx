// YouSaidWeDid is the public record of what changed because of feedback:
// every actioned post, what was said and what the programme did.
import './feedback.scss';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { kindLabels, youSaidWeDid } from './api';
import { decisionsForPosts } from '../decisions/api';
import { Tags } from './PostView';

export default function YouSaidWeDid() {
  const done = useResource(() => youSaidWeDid(), []);
  // The decisions each post informed: "you said, we did" is part of the decision register.
  const ids = done.data?.items.map((p) => p.id) ?? [];
  const decided = useResource(() => decisionsForPosts(ids), [ids.join(',')]);
  return (
    <Page title="You said, we did" back={{ href: '/feedback', label: 'Have your say' }}>
      <p class="nhsuk-lede-text">What the programme has changed because of what people told us.</p>
      {done.error ? <LoadError error={done.error} /> : null}
      {!done.data ? (
        <Loading />
      ) : done.data.items.length === 0 ? (
        <p>Nothing here yet. When feedback leads to a change, it appears on this page.</p>
      ) : (
        done.data.items.map((p) => (
          <div class="nhsuk-card" key={p.id} data-testid="yswd-item">
            <div class="nhsuk-card__content">
              <h2 class="nhsuk-card__heading nhsuk-heading-s">
                {kindLabels[p.kind]} in {p.channel?.name}
              </h2>
              <Tags tags={p.tags} />
              <h3 class="nhsuk-heading-xs nhsuk-u-margin-bottom-1">You said</h3>
              <p class="app-feedback-text">{p.body}</p>
              <h3 class="nhsuk-heading-xs nhsuk-u-margin-bottom-1">We did</h3>
              <p class="app-feedback-text" data-testid="action-taken">
                {p.action_taken}
              </p>
              {(decided.data?.[String(p.id)] ?? []).length > 0 && (
                <p data-testid="yswd-decisions">
                  <strong>{decided.data![String(p.id)].length === 1 ? 'Decision:' : 'Decisions:'}</strong>{' '}
                  {decided.data![String(p.id)].map((d, i) => (
                    <span key={d.id}>
                      {i > 0 && ', '}
                      <a href={d.url}>{d.title}</a>
                    </span>
                  ))}
                </p>
              )}
              {p.actioned_at && (
                <p class="app-feedback-meta">
                  <Time value={p.actioned_at} dateOnly />
                </p>
              )}
            </div>
          </div>
        ))
      )}
    </Page>
  );
}
