// PeopleFilters is the search box and filters above the people table. It
// writes them into the address, so the table, pagination and the back button
// all read the same state.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { queryString } from '../api';
import { SelectField, TextField, type Option } from '../components/fields';
import type { PeopleFilters as Filters } from './api';

interface Props {
  initial: Filters;
  organisations: Option[];
  staffGroups: Option[];
  roles: Option[];
}

export function PeopleFilters({ initial, organisations, staffGroups, roles }: Props) {
  const { route } = useLocation();
  const [q, setQ] = useState(initial.q ?? '');
  const [org, setOrg] = useState(initial.organisation_id ?? '');
  const [group, setGroup] = useState(initial.staff_group ?? '');
  const [role, setRole] = useState(initial.role ?? '');

  function submit(e: Event) {
    e.preventDefault();
    route(`/people${queryString({ q: q.trim(), organisation_id: org, staff_group: group, role })}`);
  }

  return (
    <div class="app-filters" role="search" aria-label="People">
      <form onSubmit={submit} noValidate>
        <TextField id="q" label="Search by name or email" type="search" spellcheck={false} widthClass="nhsuk-u-width-two-thirds" value={q} onValue={setQ} />
        <SelectField id="organisation_id" label="Organisation" value={org} onValue={setOrg} options={[{ value: '', label: 'Any organisation' }, ...organisations]} />
        <SelectField id="staff_group" label="Staff group" value={group} onValue={setGroup} options={[{ value: '', label: 'Any staff group' }, ...staffGroups]} />
        <SelectField id="role" label="Role" value={role} onValue={setRole} options={[{ value: '', label: 'Any role' }, ...roles]} />
        <button class="nhsuk-button nhsuk-button--secondary" type="submit">
          Search
        </button>
      </form>
    </div>
  );
}
