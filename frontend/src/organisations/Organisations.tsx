// Organisations lists every organisation in the system and has the form to
// add one. Editing and deleting happen on each organisation's own page.
import '../styles/admin.scss';
import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { DataTable } from '../components/DataTable';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { createOrganisation, kindLabels, listOrganisations, type Organisation } from './api';
import { OrganisationForm } from './OrganisationForm';

function OrganisationTable({ organisations }: { organisations: Organisation[] }) {
  if (organisations.length === 0) return <p>There are no organisations yet.</p>;
  return (
    <DataTable
      caption="Organisations"
      rows={organisations}
      rowKey={(o) => o.id}
      columns={[
        { header: 'Name', cell: (o) => <a href={`/organisations/${o.id}`}>{o.name}</a> },
        { header: 'Code', cell: (o) => o.code },
        { header: 'Kind', cell: (o) => kindLabels[o.kind] ?? o.kind },
        { header: 'Email domains', cell: (o) => o.email_domains.join(', ') },
      ]}
    />
  );
}

function OrganisationsPage() {
  const list = useResource(listOrganisations, []);
  const [added, setAdded] = useState<Organisation | null>(null);

  async function create(input: Parameters<typeof createOrganisation>[0]) {
    setAdded(null);
    const org = await createOrganisation(input);
    setAdded(org);
    list.reload();
  }

  return (
    <Page title="Organisations" wide>
      {added && <SuccessBanner heading={`${added.name} added`} />}
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data ? <OrganisationTable organisations={list.data} /> : list.loading && <Loading />}
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-two-thirds">
          <h2>Add an organisation</h2>
          <OrganisationForm submitLabel="Add organisation" onSubmit={create} />
        </div>
      </div>
    </Page>
  );
}

export default function Organisations() {
  return (
    <RequireRole roles={access.admin}>
      <OrganisationsPage />
    </RequireRole>
  );
}
