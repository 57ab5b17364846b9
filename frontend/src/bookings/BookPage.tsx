// BookPage is the public list of engagement sessions that staff open from a
// comms email on their phone: one card per session with its next times and the
// places left, then the session's own page to pick a time. On a phone the
// filters fold behind one "Filter" button so the first session is on the first
// screen; on wider screens they are always shown. No account is needed.
import './bookings.scss';
import { useState } from 'preact/hooks';
import { Page } from '../components/Page';
import { SelectField, TextField } from '../components/fields';
import { LoadError } from '../components/Status';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { categoryLabels, formatLabels, listBookableSessions, listStaffGroups, type SessionCard, type Slot, type SlotFilters } from './api';
import { shortWhen } from './londonTime';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** placesLeft says how many places a time has left, in words. */
export const placesLeft = (s: Pick<Slot, 'remaining'>) =>
  s.remaining === 0 ? 'full, waiting list open' : `${plural(s.remaining, 'place', 'places')} left`;

/** where says how a session is held: "Online", or "In person: Room 4, Moorside". */
export const where = (s: { format: keyof typeof formatLabels; location: string }) =>
  s.format === 'in_person' && s.location ? `${formatLabels.in_person}: ${s.location}` : formatLabels[s.format];

function Card({ card }: { card: SessionCard }) {
  const s = card.session;
  return (
    <li>
      <div class="nhsuk-card nhsuk-card--clickable app-session-card">
        <div class="nhsuk-card__content">
          <h2 class="nhsuk-card__heading nhsuk-heading-m">
            <a class="nhsuk-card__link" href={`/book/session/${s.id}`}>
              {s.title}
            </a>
          </h2>
          <p class="nhsuk-body-s app-slot-meta">
            <strong class="nhsuk-tag nhsuk-tag--blue">{categoryLabels[s.category]}</strong> {where(s)}
          </p>
          <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">{card.next.length === 1 && card.more === 0 ? 'Time:' : 'Next times:'}</p>
          <ul class="nhsuk-list nhsuk-body-s app-next-times">
            {card.next.map((t) => (
              <li key={t.id}>
                {shortWhen(t.starts_at, t.ends_at)} <span class="app-places">({placesLeft(t)})</span>
              </li>
            ))}
          </ul>
          {card.more > 0 && <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">and {plural(card.more, 'more time', 'more times')}</p>}
        </div>
      </div>
    </li>
  );
}

/** Placeholders keep the cards' room while the list loads, so nothing below jumps. */
function Placeholders() {
  return (
    <ul class="app-slot-list" aria-hidden="true">
      {[0, 1, 2].map((i) => (
        <li key={i}>
          <div class="nhsuk-card app-session-card app-session-card--placeholder" />
        </li>
      ))}
    </ul>
  );
}

const categoryOptions = [
  { value: '', label: 'All categories' },
  ...Object.entries(categoryLabels).map(([value, label]) => ({ value, label })),
];

const activeCount = (f: SlotFilters) => [f.category, f.organisation_id, f.staff_group, f.from].filter(Boolean).length;

function Filters({ onApply }: { onApply(f: SlotFilters): void }) {
  const [draft, setDraft] = useState<SlotFilters>({});
  const [open, setOpen] = useState(false);
  const [applied, setApplied] = useState(0);
  const orgs = useResource(listOrganisations, []);
  const groups = useResource(listStaffGroups, []);
  const set = (k: keyof SlotFilters) => (v: string) => setDraft({ ...draft, [k]: v });

  function apply(e: Event) {
    e.preventDefault();
    const date = draft.from || undefined;
    setApplied(activeCount(draft));
    onApply({ ...draft, from: date, to: date });
  }

  return (
    <div class="app-filters">
      <button
        type="button"
        class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-3 app-filters-toggle"
        aria-expanded={open}
        aria-controls="session-filters"
        onClick={() => setOpen(!open)}
      >
        Filter{applied ? ` (${applied} applied)` : ''}
      </button>
      <form id="session-filters" class={`app-filters-panel${open ? ' app-filters-panel--open' : ''}`} onSubmit={apply} role="search" aria-label="Filter sessions">
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
    </div>
  );
}

export default function BookPage() {
  const [filters, setFilters] = useState<SlotFilters>({});
  const cards = useResource(() => listBookableSessions(filters), [JSON.stringify(filters)]);
  const count = cards.data?.length ?? 0;
  return (
    <Page title="Book a session" wide>
      <p class="app-book-lede">Choose a session and a time. You do not need an account: you book with your work email address.</p>
      <Filters onApply={setFilters} />
      {cards.error ? <LoadError error={cards.error} /> : null}
      <p role="status" class="nhsuk-body app-book-count">
        {cards.loading && !cards.data ? 'Finding sessions…' : plural(count, 'session', 'sessions')}
      </p>
      {!cards.data && !cards.error && <Placeholders />}
      {cards.data && count === 0 && <p>No sessions match your choices. Try fewer filters.</p>}
      {cards.data && count > 0 && (
        <ul class="app-slot-list">
          {cards.data.map((c) => (
            <Card key={c.session.id} card={c} />
          ))}
        </ul>
      )}
      <p>
        Already booked? <a href="/bookings/lost-link">Get your booking links by email</a>.
      </p>
    </Page>
  );
}
