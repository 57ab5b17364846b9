// Contacts is where a comms officer keeps the audience: import a CSV staff list
// (previewed first, with a report of every line refused and why), then search
// and filter.
import '../styles/admin.scss';
import './campaigns.scss';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { queryString } from '../api';
import { SelectField, TextField } from '../components/fields';
import { Page } from '../components/Page';
import { DataTable } from '../components/DataTable';
import { Pagination } from '../components/Pagination';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { formatDate } from '../time';
import { listOrganisations } from '../organisations/api';
import { listStaffGroups } from '../people/api';
import { listContacts, type ContactFilters, type Paged, type Contact } from './api';
import { ContactImport } from './ContactImport';
import type { ImportResult } from './importApi';

/** receives says which emails a contact gets. */
function receives(c: Contact): string {
  if (c.suppressed === 'bounced') return 'Nothing (address bounced)';
  if (c.suppressed === 'spam_reported') return 'Nothing (reported spam)';
  return c.unsubscribed_at ? 'Notices only' : 'Everything';
}

function ContactTable({ result, orgName }: { result: Paged<Contact>; orgName(id: number | null): string }) {
  if (result.items.length === 0) return <p>No contacts match.</p>;
  return (
    <DataTable
      caption="Contacts"
      rows={result.items}
      rowKey={(c) => c.id}
      columns={[
        { header: 'Email', cell: (c) => c.email },
        {
          header: 'Name',
          cell: (c) => (
            <>
              {c.name}
              {c.left_at && (
                <>
                  {' '}
                  <strong class="nhsuk-tag nhsuk-tag--grey" data-testid="contact-left">
                    Left {formatDate(c.left_at)}
                  </strong>
                </>
              )}
            </>
          ),
        },
        { header: 'Organisation', cell: (c) => orgName(c.organisation_id) },
        { header: 'Staff group', cell: (c) => c.staff_group },
        { header: 'Job role', cell: (c) => c.job_role },
        { header: 'Receives', cell: receives },
      ]}
    />
  );
}

function Filters({ initial, orgs, groups }: { initial: ContactFilters; orgs: { value: string; label: string }[]; groups: string[] }) {
  const { route } = useLocation();
  const [q, setQ] = useState(initial.q ?? '');
  const [org, setOrg] = useState(initial.organisation_id ?? '');
  const [group, setGroup] = useState(initial.staff_group ?? '');
  return (
    <form
      role="search"
      aria-label="Filter contacts"
      onSubmit={(e) => {
        e.preventDefault();
        route(`/contacts${queryString({ q, organisation_id: org, staff_group: group })}`);
      }}
    >
      <TextField id="q" label="Name or email" type="search" value={q} onValue={setQ} />
      <SelectField id="organisation_id" label="Organisation" options={[{ value: '', label: 'Any organisation' }, ...orgs]} value={org} onValue={setOrg} />
      <SelectField
        id="staff_group"
        label="Staff group"
        options={[{ value: '', label: 'Any staff group' }, ...groups.map((g) => ({ value: g, label: g }))]}
        value={group}
        onValue={setGroup}
      />
      <button class="nhsuk-button nhsuk-button--secondary" type="submit">
        Filter contacts
      </button>
    </form>
  );
}

function ContactsView() {
  const { query, url } = useLocation();
  const filters: ContactFilters = {
    q: query.q,
    organisation_id: query.organisation_id,
    staff_group: query.staff_group,
    page: Math.max(1, Number(query.page) || 1),
  };
  const [imported, setImported] = useState<ImportResult | null>(null);
  const contacts = useResource(() => listContacts(filters), [url, imported]);
  const orgs = useResource(listOrganisations, []);
  const groups = useResource(listStaffGroups, []);
  const orgName = (id: number | null) => orgs.data?.find((o) => o.id === id)?.name ?? '';
  const total = contacts.data?.total ?? 0;
  return (
    <Page title="Contacts" caption="Campaigns" wide>
      <ContactImport onImported={setImported} />
      <h2>Find contacts</h2>
      <Filters
        key={url}
        initial={filters}
        orgs={(orgs.data ?? []).map((o) => ({ value: String(o.id), label: o.name }))}
        groups={groups.data ?? []}
      />
      <p class="nhsuk-body" role="status">
        {contacts.data ? `${total} ${total === 1 ? 'contact' : 'contacts'} found` : ''}
      </p>
      {contacts.error ? <LoadError error={contacts.error} /> : null}
      {contacts.data ? <ContactTable result={contacts.data} orgName={orgName} /> : contacts.loading && <Loading />}
      {contacts.data && (
        <Pagination
          page={contacts.data.page}
          perPage={contacts.data.per_page}
          total={total}
          href={(p) => `/contacts${queryString({ ...filters, page: p > 1 ? p : undefined })}`}
        />
      )}
    </Page>
  );
}

export default function Contacts() {
  return (
    <RequireRole roles={access.campaigns}>
      <ContactsView />
    </RequireRole>
  );
}
