// DecisionTeam is the programme team's page for one decision: the decision
// itself, what informed it (links to add and remove), what we heard, its
// versions, and publishing with a step that says who will be told.
import '../styles/admin.scss';
import './decisions.scss';
import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { access } from '../areas';
import { DataTable } from '../components/DataTable';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { Announce } from '../components/LiveNote';
import { InsetText } from '../components/InsetText';
import { listOrganisations } from '../organisations/api';
import { getDecision, removeLink, type Decision, type DecisionLink } from './api';
import { Heard } from './Heard';
import { LinkPicker } from './LinkPicker';
import { Publish } from './Publish';
import { Body, Facts } from './Summary';
import { Versions } from './Versions';
import { linkKindLabels, when } from './words';

function Links({ decision, onChanged }: { decision: Decision; onChanged(message: string): void }) {
  const [error, setError] = useState<unknown>(undefined);
  const links = decision.links ?? [];
  async function remove(l: DecisionLink) {
    setError(undefined);
    try {
      await removeLink(decision.id, l.id!);
      // The row goes: focus moves to the section's heading rather than the page's start.
      document.getElementById('informed-heading')?.focus();
      onChanged(`Removed ${linkKindLabels[l.kind].toLowerCase()}: ${l.label}`);
    } catch (err) {
      setError(err);
    }
  }
  if (links.length === 0) return <p>Nothing is linked yet. Link the posts, themes, polls, questions and sessions that informed this decision.</p>;
  return (
    <>
      {error ? <LoadError error={error} /> : null}
      <DataTable
        caption="Linked to this decision"
        rows={links}
        rowKey={(l) => `${l.kind}:${l.target_id}`}
        rowAttrs={() => ({ 'data-testid': 'link-row' })}
        responsive
        columns={[
          { header: 'Kind', cell: (l) => linkKindLabels[l.kind] },
          { header: 'What', cell: (l) => (l.url ? <a href={l.url}>{l.label}</a> : <span class="app-decision-text">{l.label}</span>) },
          {
            header: 'Action',
            cell: (l) => (
              <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" onClick={() => remove(l)}>
                Remove<span class="nhsuk-u-visually-hidden"> {linkKindLabels[l.kind].toLowerCase()}: {l.label}</span>
              </button>
            ),
          },
        ]}
      />
    </>
  );
}

function TeamView({ id }: { id: string }) {
  const decision = useResource(() => getDecision(id), [id]);
  const orgs = useResource(listOrganisations, []);
  const [published, setPublished] = useState('');
  const [said, setSaid] = useState('');
  if (decision.error) return <Page title="Decision"><LoadError error={decision.error} /></Page>;
  const d = decision.data;
  if (!d) return <Loading />;
  const changed = (message: string) => {
    setSaid(message);
    decision.reload();
  };
  return (
    <Page title={d.title} caption={d.published_at ? 'Published decision' : 'Draft decision'} back={{ href: '/decisions', label: 'Decisions' }} wide>
      {published && <SuccessBanner heading="Decision published">{<p>{published}</p>}</SuccessBanner>}
      <Announce text={said} />
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-two-thirds">
          <p class="app-decision-meta" data-testid="decision-state">
            {d.published_at ? (
              <>
                Version {d.version}, first published on <time dateTime={d.published_at}>{when(d.published_at)}</time>. <a href={`/decisions/${d.id}`}>See the public page</a>
              </>
            ) : (
              <>Version {d.version}, not published. Only the programme team can see it.</>
            )}
          </p>
          <p>
            <a href={`/decisions/${d.id}/edit`}>Change this decision</a>
          </p>
          {!d.published_at &&
            (d.status === 'decided' ? (
              <Publish decision={d} onPublished={(m) => { setPublished(m); decision.reload(); }} />
            ) : (
              <InsetText testId="publish-later">
                <p>Only a decided decision can be published. When it is decided, change its status and publish it from here.</p>
              </InsetText>
            ))}
          <Facts decision={d} organisations={orgs.data} />
          <Body decision={d} />
          <h2 id="informed-heading" tabIndex={-1}>
            What informed it
          </h2>
          <Links decision={d} onChanged={changed} />
          <LinkPicker decision={d} onLinked={changed} />
          {d.heard && <Heard heard={d.heard} />}
        </div>
      </div>
      <Versions decision={d} />
    </Page>
  );
}

function TeamPage() {
  const { params } = useRoute();
  return <TeamView id={params.id} />;
}

export default function DecisionTeam() {
  return (
    <RequireRole roles={access.decisions}>
      <TeamPage />
    </RequireRole>
  );
}
