// People is the admin's directory: search and filter, a paginated table, and
// links to add or change a person.
import '../styles/admin.scss';
import { useLocation } from 'preact-iso';
import { queryString } from '../api';
import { Page } from '../components/Page';
import { DataTable } from '../components/DataTable';
import { Pagination } from '../components/Pagination';
import { access, roles } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { listPeople, listStaffGroups, personRoleLabels, type PeopleFilters as Filters, type PeoplePage } from './api';
import { PeopleFilters } from './PeopleFilters';

const roleOptions = roles.map((r) => ({ value: r, label: personRoleLabels[r] }));

function PeopleTable({ result, orgName }: { result: PeoplePage; orgName(id: number | null): string }) {
  if (result.items.length === 0) return <p>No people match your search.</p>;
  return (
    <DataTable
      caption="People"
      rows={result.items}
      rowKey={(p) => p.id}
      columns={[
        { header: 'Name', cell: (p) => <a href={`/people/${p.id}`}>{p.name || p.email}</a> },
        { header: 'Email', cell: (p) => p.email },
        { header: 'Organisation', cell: (p) => orgName(p.organisation_id) },
        { header: 'Staff group', cell: (p) => p.staff_group },
        { header: 'Role', cell: (p) => (p.role ? personRoleLabels[p.role] : '') },
      ]}
    />
  );
}

function PeoplePageView() {
  const { query, url } = useLocation();
  const filters: Filters = {
    q: query.q,
    organisation_id: query.organisation_id,
    staff_group: query.staff_group,
    role: query.role,
    page: Math.max(1, Number(query.page) || 1),
  };
  const people = useResource(() => listPeople(filters), [url]);
  const orgs = useResource(listOrganisations, []);
  const groups = useResource(listStaffGroups, []);

  const orgName = (id: number | null) => orgs.data?.find((o) => o.id === id)?.name ?? '';
  const pageHref = (page: number) => `/people${queryString({ ...filters, page: page > 1 ? page : undefined })}`;
  const total = people.data?.total ?? 0;

  return (
    <Page title="People" wide>
      <a class="nhsuk-button" href="/people/new">
        Add a person
      </a>
      <PeopleFilters
        key={url}
        initial={filters}
        organisations={(orgs.data ?? []).map((o) => ({ value: String(o.id), label: o.name }))}
        staffGroups={(groups.data ?? []).map((g) => ({ value: g, label: g }))}
        roles={roleOptions}
      />
      <p class="nhsuk-body" role="status">
        {people.data ? `${total} ${total === 1 ? 'person' : 'people'} found` : ''}
      </p>
      {people.error ? <LoadError error={people.error} /> : null}
      {people.data ? <PeopleTable result={people.data} orgName={orgName} /> : people.loading && <Loading />}
      {people.data && (
        <Pagination page={people.data.page} perPage={people.data.per_page} total={total} href={pageHref} />
      )}
    </Page>
  );
}

export default function People() {
  return (
    <RequireRole roles={access.admin}>
      <PeoplePageView />
    </RequireRole>
  );
}
