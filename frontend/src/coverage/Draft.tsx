// Draft shows the campaign draft a coverage gap just started: who it is
// addressed to and what it says, with the way on to edit and send it.
import './coverage.scss';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { getCampaign } from './api';

function DraftView({ id }: { id: string }) {
  const draft = useResource(() => getCampaign(id), [id]);
  const orgs = useResource(listOrganisations, []);
  const orgName = (oid: number) => orgs.data?.find((o) => o.id === oid)?.name ?? `Organisation ${oid}`;
  const d = draft.data;
  return (
    <Page title="Campaign draft" back={{ href: '/coverage', label: 'Back to coverage' }} wide>
      {draft.error ? <LoadError error={draft.error} /> : null}
      {!d && draft.loading && <Loading />}
      {d && (
        <>
          <SuccessBanner heading="Campaign draft started">
            <p>It is addressed to exactly this group and lists the upcoming sessions that suit them. Check it, then send it for approval.</p>
          </SuccessBanner>
          <dl class="nhsuk-summary-list">
            <div class="nhsuk-summary-list__row">
              <dt class="nhsuk-summary-list__key">Name</dt>
              <dd class="nhsuk-summary-list__value">{d.name}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
              <dt class="nhsuk-summary-list__key">Organisation</dt>
              <dd class="nhsuk-summary-list__value">{d.audience.organisation_ids.map(orgName).join(', ')}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
              <dt class="nhsuk-summary-list__key">Staff group</dt>
              <dd class="nhsuk-summary-list__value">{d.audience.staff_groups.join(', ')}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
              <dt class="nhsuk-summary-list__key">Status</dt>
              <dd class="nhsuk-summary-list__value">{d.status}</dd>
            </div>
            <div class="nhsuk-summary-list__row">
              <dt class="nhsuk-summary-list__key">Subject</dt>
              <dd class="nhsuk-summary-list__value">{d.subject}</dd>
            </div>
          </dl>
          <h2>Message</h2>
          <pre class="app-draft-body">{d.body_markdown}</pre>
          <p>
            <a class="nhsuk-button" href={`/campaigns/${d.id}`}>
              Edit and send in Campaigns
            </a>
          </p>
        </>
      )}
    </Page>
  );
}

export default function Draft({ id }: { id: string }) {
  return (
    <RequireRole roles={access.campaigns}>
      <DraftView id={id} />
    </RequireRole>
  );
}
