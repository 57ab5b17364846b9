// AudienceFields chooses who a campaign reaches (organisations, staff groups, job
// roles) and shows, in a live region, how many contacts that is right now.
import { useEffect, useState } from 'preact/hooks';
import { Checkboxes } from '../components/choices';
import type { Organisation } from '../organisations/api';
import { countAudience, type Audience, type CampaignKind } from './api';

interface Props {
  audience: Audience;
  kind: CampaignKind;
  organisations: Organisation[];
  staffGroups: string[];
  onChange(a: Audience): void;
  error(field: string): string | undefined;
}

export function AudienceFields({ audience, kind, organisations, staffGroups, onChange, error }: Props) {
  const [count, setCount] = useState<number | null>(null);
  const [roles, setRoles] = useState(audience.job_roles.join(', '));
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      countAudience(kind, audience).then(
        (r) => live && setCount(r.recipients),
        () => live && setCount(null),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [kind, JSON.stringify(audience)]);

  return (
    <>
      <h2>Audience</h2>
      <Checkboxes
        id="audience.organisation_ids"
        legend="Organisations"
        hint="Leave all unticked to reach every organisation. Each organisation reached must approve the campaign."
        options={organisations.map((o) => ({ value: o.id, label: o.name }))}
        small
        focusable
        values={audience.organisation_ids}
        error={error('audience.organisation_ids')}
        onValues={(organisation_ids) => onChange({ ...audience, organisation_ids })}
      />
      <details class="nhsuk-details" open={audience.staff_groups.length > 0}>
        <summary class="nhsuk-details__summary">
          <span class="nhsuk-details__summary-text">Staff groups ({audience.staff_groups.length || 'all'})</span>
        </summary>
        <div class="nhsuk-details__text">
          <Checkboxes
            id="audience.staff_groups"
            legend="Staff groups"
            hint="Leave all unticked to reach every staff group."
            options={staffGroups.map((g) => ({ value: g, label: g }))}
            small
            focusable
            values={audience.staff_groups}
            error={error('audience.staff_groups')}
            onValues={(staff_groups) => onChange({ ...audience, staff_groups })}
          />
        </div>
      </details>
      <div class={`nhsuk-form-group${error('audience.job_roles') ? ' nhsuk-form-group--error' : ''}`}>
        <label class="nhsuk-label nhsuk-label--s" for="audience.job_roles">
          Job roles (optional)
        </label>
        <div class="nhsuk-hint" id="audience.job_roles-hint">
          Separate roles with commas, for example, Ward Sister, Matron
        </div>
        <input
          class="nhsuk-input"
          id="audience.job_roles"
          value={roles}
          aria-describedby="audience.job_roles-hint"
          onInput={(e) => {
            setRoles(e.currentTarget.value);
            const job_roles = e.currentTarget.value
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
            onChange({ ...audience, job_roles });
          }}
        />
      </div>
      <p class="nhsuk-body" role="status" aria-live="polite" data-testid="audience-count">
        {count === null ? (
          'Counting recipients…'
        ) : (
          <>
            This campaign will reach <span class="app-audience-count">{count.toLocaleString('en-GB')}</span>{' '}
            {count === 1 ? 'person' : 'people'}
            {kind === 'newsletter' ? ' (people who unsubscribed are left out)' : ''}.
          </>
        )}
      </p>
    </>
  );
}
