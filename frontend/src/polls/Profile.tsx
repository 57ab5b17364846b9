// Profile lets a participant say who they are, if they want to: a display
// name for named questions, and the organisation and staff group the ICS
// reports engagement by, and an email address to hear about decisions their
// answers informed (kept only with their consent, never sent back). The lists
// load only when the section is opened.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { EmailField, SelectField, TextField } from '../components/fields';
import { Checkboxes } from '../components/choices';
import { emailProblem } from '../components/formErrors';
import type { RoomState } from './api';

interface Org {
  id: number;
  name: string;
}

export interface ProfileInput {
  display_name: string;
  organisation_id: number | null;
  staff_group: string;
  /** notify_email, with notify_consent, is where to hear of decisions; left out, the saved one stays. */
  notify_email?: string;
  notify_consent?: boolean;
}

export function Profile({ initial, onSave }: { initial?: RoomState['profile']; onSave(p: ProfileInput): void }) {
  const [name, setName] = useState(initial?.display_name ?? '');
  const [org, setOrg] = useState(initial?.organisation_id ? String(initial.organisation_id) : '');
  const [group, setGroup] = useState(initial?.staff_group ?? '');
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [groups, setGroups] = useState<string[]>([]);
  const [saved, setSaved] = useState('');
  const [email, setEmail] = useState('');
  const [consent, setConsent] = useState(false);
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);

  function load(e: Event) {
    if (!(e.currentTarget as HTMLDetailsElement).open || orgs.length) return;
    api.get<Org[]>('/organisations').then(setOrgs, () => {});
    api.get<string[]>('/staff-groups').then(setGroups, () => {});
  }

  function save(e: Event) {
    e.preventDefault();
    const address = email.trim();
    const bad = address ? emailProblem(address) : undefined;
    const refuse = (field: string, message: string) => {
      setProblem({ field, message });
      // The field at fault takes focus, so its message (in its description) is heard.
      setTimeout(() => document.getElementById(field)?.focus());
    };
    if (bad) return refuse('notify_email', bad);
    if (address && !consent) return refuse('notify_consent', 'Tick the box to say we may keep your email address, or leave it out');
    setProblem(null);
    onSave({ display_name: name, organisation_id: org ? Number(org) : null, staff_group: group, ...(address ? { notify_email: address, notify_consent: true } : {}) });
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
          <EmailField
            id="notify_email"
            label="Your email address, to hear what was decided (optional)"
            hint="When the programme publishes a decision your answers or questions informed, we send you one email. Leave it empty to stay anonymous"
            value={email}
            onValue={setEmail}
            error={problem?.field === 'notify_email' ? problem.message : undefined}
          />
          {email.trim() !== '' && (
            <Checkboxes
              id="notify_consent"
              legend="Keeping your email address"
              options={[{ value: 'yes', label: 'You may keep my email address to tell me about decisions' }]}
              values={consent ? ['yes'] : []}
              onValues={(v) => setConsent(v.includes('yes'))}
              error={problem?.field === 'notify_consent' ? problem.message : undefined}
            />
          )}
          <button class="nhsuk-button nhsuk-button--secondary" type="submit">
            Save my details
          </button>
          <p role="status">{saved}</p>
        </form>
      </div>
    </details>
  );
}
