// BookSession is a session's public page: what it is, its times as a
// day-and-time picker (days first, then that day's times with the places left),
// and the booking form. The chosen time is kept in the address (?slot=), so a
// link to one time (/book/:slotId, as in campaign emails) opens with it chosen.
import './bookings.scss';
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { Radios } from '../components/choices';
import { Page } from '../components/Page';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { categoryLabels, getBookableSession, type Booking, type PublicSlot, type Slot } from './api';
import { where } from './BookPage';
import { BookingForm } from './BookingForm';
import { dayKey, shortDay, slotDay, slotTimes } from './londonTime';
import { orgNames, placesSentence, type OrgNames } from './reserved';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** byDay groups time-ordered slots by their London day. */
function byDay(slots: Slot[]): [string, Slot[]][] {
  const days = new Map<string, Slot[]>();
  for (const s of slots) days.set(dayKey(s.starts_at), [...(days.get(dayKey(s.starts_at)) ?? []), s]);
  return [...days];
}

const placesHint = (s: Slot, names: OrgNames) =>
  s.remaining === 0 ? `Full: ${plural(s.waitlisted, 'person', 'people')} on the waiting list` : placesSentence(s, names);

/** dayHint says how many times a day has and how many places are left on it. */
function dayHint(ts: Slot[]): string {
  const left = ts.reduce((n, s) => n + s.remaining, 0);
  return `${plural(ts.length, 'time', 'times')}, ${left === 0 ? 'full' : `${plural(left, 'place', 'places')} left`}`;
}

interface PickerProps {
  days: [string, Slot[]][];
  day: string;
  chosen: Slot | null;
  names: OrgNames;
  fieldError(field: string): string | undefined;
  onDay(d: string): void;
  onChoose(s: Slot): void;
}

/** Picker is the day-and-time choice: days as radios, then the chosen day's times. */
function Picker({ days, day, chosen, names, fieldError, onDay, onChoose }: PickerProps) {
  const times = days.find(([d]) => d === day)?.[1] ?? [];
  return (
    <>
      <h2 class="nhsuk-heading-m">Choose a time</h2>
      <p class="nhsuk-body-s">All times are UK time.</p>
      {days.length > 1 && (
        <div class="app-day-picker">
          <Radios
            id="day"
            legend="Day"
            small
            options={days.map(([d, ts]) => ({ value: d, label: shortDay(ts[0].starts_at), hint: dayHint(ts) }))}
            value={day}
            onValue={onDay}
            error={fieldError('day')}
          />
        </div>
      )}
      {times.length > 0 && (
        <Radios
          id="slot_id"
          legend={`Time on ${slotDay(times[0].starts_at)}`}
          options={times.map((s) => ({ value: String(s.id), label: slotTimes(s.starts_at, s.ends_at), hint: placesHint(s, names) }))}
          value={chosen ? String(chosen.id) : ''}
          onValue={(v) => onChoose(times.find((s) => String(s.id) === v)!)}
          error={fieldError('slot_id')}
        />
      )}
    </>
  );
}

export default function BookSession({ id = '', query }: { id?: string; query?: Record<string, string> }) {
  const { route } = useLocation();
  const res = useResource(() => getBookableSession(id), [id]);
  const orgs = useResource(listOrganisations, []);
  const [slots, setSlots] = useState<Slot[]>([]);
  const [chosenId, setChosenId] = useState(Number(query?.slot) || 0);
  const [pickedDay, setPickedDay] = useState('');
  useEffect(() => setSlots(res.data?.slots ?? []), [res.data]);
  const names = orgNames(orgs.data);
  const days = byDay(slots);
  const chosen = slots.find((s) => s.id === chosenId) ?? (slots.length === 1 ? slots[0] : null);
  const day = pickedDay || (chosen ? dayKey(chosen.starts_at) : days.length === 1 ? days[0][0] : '');

  function choose(s: Slot) {
    setChosenId(s.id);
    history.replaceState(history.state, '', `/book/session/${id}?slot=${s.id}`);
  }
  // Choosing a day with one time chooses that time too.
  function pickDay(d: string) {
    setPickedDay(d);
    const ts = days.find(([k]) => k === d)?.[1] ?? [];
    if (ts.length === 1) choose(ts[0]);
    else setChosenId(0);
  }
  const unchosen = day ? { field: 'slot_id', message: 'Select a time' } : { field: 'day', message: 'Select a day' };
  const refresh = (now: PublicSlot) => setSlots(slots.map((s) => (s.id === now.id ? now : s)));
  const booked = (b: Booking) => route(`/bookings/${b.manage_token}/confirmed`);

  if (res.error)
    return (
      <Page title="Book a session" back={{ href: '/book', label: 'All sessions' }}>
        <LoadError error={res.error} />
      </Page>
    );
  if (!res.data) return <Loading />;
  const s = res.data.session;
  return (
    <Page title={s.title} caption="Book a session" back={{ href: '/book', label: 'All sessions' }}>
      <p>
        <strong class="nhsuk-tag nhsuk-tag--blue">{categoryLabels[s.category]}</strong> {where(s)}
      </p>
      {s.description && <p>{s.description}</p>}
      {slots.length === 0 ? (
        <>
          <p>There are no times left to book for this session.</p>
          <p>
            <a href="/book">Choose another session</a>
          </p>
        </>
      ) : (
        <BookingForm
          slot={chosen}
          orgs={orgs.data ?? []}
          picker={(fieldError) => (
            <Picker days={days} day={day} chosen={chosen} names={names} fieldError={fieldError} onDay={pickDay} onChoose={choose} />
          )}
          unchosen={unchosen}
          onBooked={booked}
          onRefresh={refresh}
        />
      )}
    </Page>
  );
}
