// BookPage is the public list of engagement sessions that staff open from a
// comms email on their phone: filter by category, organisation, staff group
// and date, then pick a time. No account is needed.
import './bookings.scss';
import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { SelectField, TextField } from '../components/fields';
import { LoadError } from '../components/Status';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { categoryLabels, formatLabels, listSlots, listStaffGroups, type PublicSlot, type SlotFilters } from './api';
import { slotDay, slotTimes } from './londonTime';
import { orgNames, placesSentence, type OrgNames } from './reserved';

function SlotCard({ slot, names }: { slot: PublicSlot; names: OrgNames }) {
  const full = slot.remaining === 0;
  return (
    <li>
      <div class="nhsuk-card nhsuk-card--clickable">
        <div class="nhsuk-card__content">
          <h2 class="nhsuk-card__heading nhsuk-heading-s">
            <a class="nhsuk-card__link" href={`/book/${slot.id}`}>
              {slot.session.title}
              <span class="nhsuk-u-visually-hidden">, {slotDay(slot.starts_at)}, {slotTimes(slot.starts_at, slot.ends_at)}</span>
            </a>
          </h2>
          <p class="nhsuk-body-s app-slot-meta">
            <strong class="nhsuk-tag nhsuk-tag--blue">{categoryLabels[slot.session.category]}</strong>{' '}
            {formatLabels[slot.session.format]}
            {slot.session.format === 'in_person' && slot.session.location ? `: ${slot.session.location}` : ''}
          </p>
          <p class="nhsuk-card__description nhsuk-u-margin-bottom-1">
            {slotDay(slot.starts_at)}, {slotTimes(slot.starts_at, slot.ends_at)}
          </p>
          <p class="nhsuk-card__description">
            {full ? (
              <strong class="nhsuk-tag nhsuk-tag--orange">Full: join the waiting list</strong>
            ) : (
              placesSentence(slot, names)
            )}
          </p>
        </div>
      </div>
    </li>
  );
}

const categoryOptions = [
  { value: '', label: 'All categories' },
  ...Object.entries(categoryLabels).map(([value, label]) => ({ value, label })),
];

export default function BookPage() {
  const [draft, setDraft] = useState<SlotFilters>({});
  const [filters, setFilters] = useState<SlotFilters>({});
  const slots = useResource(() => listSlots(filters), [JSON.stringify(filters)]);
  const orgs = useResource(listOrganisations, []);
  const groups = useResource(listStaffGroups, []);
  const set = (k: keyof SlotFilters) => (v: string) => setDraft({ ...draft, [k]: v });

  function apply(e: Event) {
    e.preventDefault();
    const date = draft.from ?? '';
    setFilters({ ...draft, from: date || undefined, to: date || undefined });
  }

  const names = orgNames(orgs.data);
  const count = slots.data?.length ?? 0;
  return (
    <Page title="Book an engagement session" wide>
      <p class="nhsuk-lede-text">
        Choose a session about the programme at a time that suits you. You do not need an account: you book with your
        work email address.
      </p>
      <form class="app-filters" onSubmit={apply} role="search" aria-label="Filter sessions">
        <div class="app-filters-grid">
          <SelectField id="category" label="Category" options={categoryOptions} value={draft.category ?? ''} onValue={set('category')} />
          <SelectField
            id="organisation_id"
            label="Your organisation"
            options={[{ value: '', label: 'Any organisation' }, ...(orgs.data ?? []).map((o) => ({ value: String(o.id), label: o.name }))]}
            value={draft.organisation_id ?? ''}
            onValue={set('organisation_id')}
          />
          <SelectField
            id="staff_group"
            label="Your staff group"
            options={[{ value: '', label: 'Any staff group' }, ...(groups.data ?? []).map((g) => ({ value: g, label: g }))]}
            value={draft.staff_group ?? ''}
            onValue={set('staff_group')}
          />
          <TextField id="date" label="Date" type={'date' as 'text'} value={draft.from ?? ''} onValue={set('from')} />
        </div>
        <button class="nhsuk-button nhsuk-button--secondary" type="submit">
          Show sessions
        </button>
      </form>
      {slots.error ? <LoadError error={slots.error} /> : null}
      <p role="status" aria-live="polite" class="nhsuk-body">
        {slots.loading ? 'Finding sessions…' : `${count} ${count === 1 ? 'time' : 'times'} found`}
      </p>
      {slots.data && slots.data.length === 0 && <p>There are no sessions matching your choices. Try fewer filters.</p>}
      {slots.data && slots.data.length > 0 && (
        <ul class="app-slot-list">
          {slots.data.map((s) => (
            <SlotCard key={s.id} slot={s} names={names} />
          ))}
        </ul>
      )}
    </Page>
  );
}
