// Campaigns lists every campaign with its status, newest first.
import '../styles/admin.scss';
import './campaigns.scss';
import { useLocation } from 'preact-iso';
import { Page } from '../components/Page';
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
        <div class="app-table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on small screens)">
          <table class="nhsuk-table">
            <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Campaigns</caption>
            <thead class="nhsuk-table__head">
              <tr class="nhsuk-table__row">
                <th class="nhsuk-table__header" scope="col">Campaign</th>
                <th class="nhsuk-table__header" scope="col">Kind</th>
                <th class="nhsuk-table__header" scope="col">Status</th>
                <th class="nhsuk-table__header" scope="col">Last changed</th>
              </tr>
            </thead>
            <tbody class="nhsuk-table__body">
              {list.data.items.map((c) => (
                <tr class="nhsuk-table__row" key={c.id}>
                  <td class="nhsuk-table__cell">
                    <a href={`/campaigns/${c.id}`}>{c.name}</a>
                  </td>
                  <td class="nhsuk-table__cell">{kindLabels[c.kind]}</td>
                  <td class="nhsuk-table__cell">
                    <StatusTag status={c.status} />
                  </td>
                  <td class="nhsuk-table__cell">
                    <Time value={c.updated_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
