// DecisionPublic is one published decision as anyone sees it: what was
// decided, why, who decided and when, the EPR reference, what we heard (counts
// below 5 withheld), the poll results and quotes, links to the public posts
// and the dates of each version.
import '../styles/admin.scss';
import './decisions.scss';
import { useRoute } from 'preact-iso';
import { ApiError } from '../api';
import { access } from '../areas';
import { useSession } from '../auth/session';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { getPublicDecision, type Decision } from './api';
import { FeedLinks, useFeedLinks } from './feeds';
import { Heard } from './Heard';
import { Body, Facts } from './Summary';
import { PublicVersions } from './Versions';
import { linkKindLabels, publishedDay } from './words';

function Trail({ d }: { d: Decision }) {
  const open = d.links ?? [];
  if (open.length === 0) return null;
  return (
    <>
      <h2>What informed it</h2>
      <ul data-testid="public-links">
        {open.map((l, i) => (
          <li key={i}>
            {linkKindLabels[l.kind]}: {l.url ? <a href={l.url}>{l.label}</a> : l.label}
          </li>
        ))}
      </ul>
    </>
  );
}

export default function DecisionPublic() {
  useFeedLinks();
  const { params } = useRoute();
  const { me } = useSession();
  const team = !!me && (access.decisions as readonly string[]).includes(me.role);
  const decision = useResource(() => getPublicDecision(params.id), [params.id]);
  const orgs = useResource(listOrganisations, []);
  const back = { href: '/decisions/register', label: 'All decisions' };
  if (decision.error) {
    const missing = decision.error instanceof ApiError && decision.error.status === 404;
    return (
      <Page title={missing ? 'Decision not found' : 'Decision'} back={back}>
        {missing ? <p>This decision is not published, or the link is wrong.</p> : <LoadError error={decision.error} />}
        {missing && team && (
          <p>
            <a href={`/decisions/${params.id}/manage`}>Open it as the programme team</a>
          </p>
        )}
      </Page>
    );
  }
  const d = decision.data;
  if (!d) return <Loading />;
  return (
    <Page title={d.title} caption="Decision" back={back}>
      <p class="app-decision-meta">
        {d.published_at && (
          <>
            Published on <time dateTime={d.published_at}>{publishedDay(d.published_at)}</time>
            {d.version > 1 ? ` · version ${d.version}` : ''}
          </>
        )}
        {team && (
          <>
            {' '}
            · <a href={`/decisions/${d.id}/manage`}>Manage this decision</a>
          </>
        )}
      </p>
      <Facts decision={d} organisations={orgs.data} />
      <Body decision={d} />
      {d.heard && <Heard heard={d.heard} />}
      <Trail d={d} />
      <PublicVersions decision={d} />
      <FeedLinks />
    </Page>
  );
}
