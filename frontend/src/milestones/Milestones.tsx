// Milestones lists the go-live dates the programme plans for, soonest first: who goes
// live, when and how far off that is, and the training targets set for it.
import '../styles/admin.scss';
import './milestones.scss';
import { Page } from '../components/Page';
import { DataTable } from '../components/DataTable';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { countdown, goLiveDay, listMilestones, londonToday, targetSummary, type Milestone } from './api';

// Targets are one a line: the table's cells wrap their content in a <span>, where a list
// is not allowed (html-validate), so the lines are spans shown as blocks.
function Targets({ m }: { m: Milestone }) {
  if (m.targets.length === 0) return <>None set</>;
  return (
    <>
      {m.targets.map((t, i) => (
        <span key={i} class="app-milestone-target">
          {targetSummary(t)}
        </span>
      ))}
    </>
  );
}

function MilestonesPage() {
  const list = useResource(listMilestones, []);
  const orgs = useResource(listOrganisations, []);
  const orgName = (id: number) => orgs.data?.find((o) => o.id === id)?.name ?? '';
  const today = londonToday();
  return (
    <Page title="Go-live milestones" wide>
      <p>
        Set the date each organisation, or site, goes live and the share of each staff group to train by then. Training times
        tied to a milestone move when its date moves.
      </p>
      <a class="nhsuk-button" href="/milestones/new">
        Add a milestone
      </a>
      {list.error ? <LoadError error={list.error} /> : null}
      {!list.data && list.loading && <Loading />}
      {list.data && list.data.length === 0 && <p>There are no milestones yet.</p>}
      {list.data && list.data.length > 0 && (
        <DataTable
          caption="Go-live milestones, soonest first"
          responsive
          rows={list.data}
          rowKey={(m) => m.id}
          columns={[
            { header: 'Milestone', cell: (m) => <a href={`/milestones/${m.id}`}>{m.name}</a> },
            { header: 'Organisation', cell: (m) => orgName(m.organisation_id) },
            { header: 'Site', cell: (m) => m.site || 'All sites' },
            {
              header: 'Go-live',
              cell: (m) => (
                <>
                  {goLiveDay(m.go_live_on)}
                  <br />
                  <span class="nhsuk-u-secondary-text-colour">{countdown(m.go_live_on, today)}</span>
                </>
              ),
            },
            { header: 'Training targets', cell: (m) => <Targets m={m} /> },
          ]}
        />
      )}
      <p>
        To add training times tied to a milestone, open a session from <a href="/sessions">engagement sessions</a> and add a
        series of times.
      </p>
    </Page>
  );
}

export default function Milestones() {
  return (
    <RequireRole roles={access.milestones}>
      <MilestonesPage />
    </RequireRole>
  );
}
