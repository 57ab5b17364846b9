// Campaigns lists every campaign with its status, newest first.
import '../styles/admin.scss';
import './campaigns.scss';
import { useLocation } from 'preact-iso';
import { Page } from '../components/Page';
import { DataTable } from '../components/DataTable';
import { Pagination } from '../components/Pagination';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { kindLabels, listCampaigns, statusLabels, statusTagClass } from './api';

export function StatusTag({ status }: { status: keyof typeof statusLabels }) {
  return <strong class={`nhsuk-tag ${statusTagClass[status]}`}>{statusLabels[status]}</strong>;
}

function CampaignsView() {
  const { query, url } = useLocation();
  const page = Math.max(1, Number(query.page) || 1);
  const list = useResource(() => listCampaigns(page), [url]);
  return (
    <Page title="Campaigns" wide>
      <div class="app-button-group">
        <a class="nhsuk-button" href="/campaigns/new">
          Write a campaign
        </a>
        <a class="nhsuk-button nhsuk-button--secondary" href="/contacts">
          Contacts
        </a>
      </div>
      {list.error ? <LoadError error={list.error} /> : null}
      {!list.data ? (
        list.loading && <Loading />
      ) : list.data.items.length === 0 ? (
        <p>No campaigns yet.</p>
      ) : (
        <DataTable
          caption="Campaigns"
          rows={list.data.items}
          rowKey={(c) => c.id}
          columns={[
            { header: 'Campaign', cell: (c) => <a href={`/campaigns/${c.id}`}>{c.name}</a> },
            { header: 'Kind', cell: (c) => kindLabels[c.kind] },
            { header: 'Status', cell: (c) => <StatusTag status={c.status} /> },
            { header: 'Last changed', cell: (c) => <Time value={c.updated_at} /> },
          ]}
        />
      )}
      {list.data && (
        <Pagination page={list.data.page} perPage={list.data.per_page} total={list.data.total} href={(p) => `/campaigns?page=${p}`} />
      )}
    </Page>
  );
}

export default function Campaigns() {
  return (
    <RequireRole roles={access.campaigns}>
      <CampaignsView />
    </RequireRole>
  );
}
