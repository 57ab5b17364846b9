// Profile lets a participant say who they are, if they want to: a display
// name for named questions, and the organisation and staff group the ICS
// reports engagement by. The lists load only when the section is opened.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { SelectField, TextField } from '../components/fields';
import type { RoomState } from './api';

interface Org {
  id: number;
  name: string;
}

export interface ProfileInput {
  display_name: string;
  organisation_id: number | null;
  staff_group: string;
}

export function Profile({ initial, onSave }: { initial?: RoomState['profile']; onSave(p: ProfileInput): void }) {
  const [name, setName] = useState(initial?.display_name ?? '');
  const [org, setOrg] = useState(initial?.organisation_id ? String(initial.organisation_id) : '');
  const [group, setGroup] = useState(initial?.staff_group ?? '');
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [groups, setGroups] = useState<string[]>([]);
  const [saved, setSaved] = useState('');

  function load(e: Event) {
    if (!(e.currentTarget as HTMLDetailsElement).open || orgs.length) return;
    api.get<Org[]>('/organisations').then(setOrgs, () => {});
    api.get<string[]>('/staff-groups').then(setGroups, () => {});
  }

  function save(e: Event) {
    e.preventDefault();
    onSave({ display_name: name, organisation_id: org ? Number(org) : null, staff_group: group });
    setSaved('Thank you. Your details have been saved');
  }

  return (
    <details class="nhsuk-details" onToggle={load}>
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">Tell us who you are (optional)</span>
      </summary>
      <div class="nhsuk-details__text">
        <form onSubmit={save} noValidate>
          <TextField id="display_name" label="Your name" hint="The facilitators see it with your answers, and everyone sees it with questions you do not ask anonymously" value={name} onValue={setName} autoComplete="name" />
          <SelectField id="organisation_id" label="Your organisation" value={org} onValue={setOrg} options={[{ value: '', label: 'Prefer not to say' }, ...orgs.map((o) => ({ value: String(o.id), label: o.name }))]} />
          <SelectField id="staff_group" label="Your staff group" value={group} onValue={setGroup} options={[{ value: '', label: 'Prefer not to say' }, ...groups.map((g) => ({ value: g, label: g }))]} />
          <button class="nhsuk-button nhsuk-button--secondary" type="submit">
            Save my details
          </button>
          <p role="status">{saved}</p>
        </form>
      </div>
    </details>
  );
}
