// SeriesForm adds a series of times to a session from one weekly rule ("Tuesdays and
// Thursdays, 10am to 11am, for 6 weeks"), optionally tied to a go-live milestone so the
// times move when its date moves. It lists the dates the rule makes before saving.
import { useState } from 'preact/hooks';
import { api, ApiError, type ID } from '../api';
import { Checkboxes, Radios } from '../components/choices';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, SubmitButton, TextField } from '../components/fields';
import { useSubmit, type FormError } from '../components/formErrors';
import { useResource } from '../components/useResource';
import { goLiveDay, listMilestones, type Milestone } from '../milestones/api';
import type { Session, Slot } from './api';
import { shortWhen, slotWhen } from './londonTime';
import {
  anchoredFirst,
  buildRule,
  MaxTimes,
  previewTimes,
  seriesDates,
  wallClock,
  weekdayLabels,
  weekdays,
  type SeriesEnd,
  type Weekday,
} from './seriesRule';

export interface SeriesInput {
  rrule: string;
  starts_at: string;
  ends_at: string;
  capacity: number;
  timezone: string;
  milestone_id?: ID;
  weeks_before?: number;
}

export const addSeries = (sessionId: ID, input: SeriesInput) =>
  api.post<{ id: ID; slots: Slot[] }>(`/sessions/${sessionId}/series`, input);

const whole = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : NaN);
const time = /^([01]?\d|2[0-3]):[0-5]\d$/;

/** SeriesFields is what the form holds, as typed. */
interface SeriesFields {
  first: string;
  start: string;
  end: string;
  days: Weekday[];
  ends: 'weeks' | 'until';
  weeks: string;
  until: string;
  capacity: string;
  milestone: string;
  weeksBefore: string;
}

/** firstDate is where the series starts: weeks before go-live when tied, else as typed. */
function firstDate(f: SeriesFields, milestones: Milestone[]): string {
  const m = milestones.find((x) => String(x.id) === f.milestone);
  const wb = whole(f.weeksBefore);
  return m && wb >= 1 ? anchoredFirst(m.go_live_on, wb) : f.first;
}

function seriesEnd(f: SeriesFields): SeriesEnd {
  return f.ends === 'weeks' ? { weeks: whole(f.weeks) || 0 } : { until: f.until };
}

/** check finds what the browser can tell is wrong; the API checks the rest. */
function check(f: SeriesFields): FormError[] {
  const errors: FormError[] = [];
  if (f.milestone) {
    const wb = whole(f.weeksBefore);
    if (!(wb >= 1 && wb <= 104)) errors.push({ field: 'weeks_before', message: 'Enter how many weeks before go-live the series starts, from 1 to 104' });
  } else if (!/^\d{4}-\d{2}-\d{2}$/.test(f.first)) errors.push({ field: 'series_first', message: 'Enter the date of the first time' });
  if (!time.test(f.start)) errors.push({ field: 'series_starts_at', message: 'Enter the start time, like 10:00' });
  if (!time.test(f.end)) errors.push({ field: 'series_ends_at', message: 'Enter the end time, like 11:00' });
  else if (time.test(f.start) && f.end.padStart(5, '0') <= f.start.padStart(5, '0'))
    errors.push({ field: 'series_ends_at', message: 'The end time must be after the start time' });
  if (f.days.length === 0) errors.push({ field: 'series_days', message: 'Choose at least one day of the week' });
  if (f.ends === 'weeks' && !(whole(f.weeks) >= 1)) errors.push({ field: 'series_weeks', message: 'Enter how many weeks, 1 or more' });
  if (f.ends === 'until' && !/^\d{4}-\d{2}-\d{2}$/.test(f.until)) errors.push({ field: 'series_until', message: 'Enter the date of the last time' });
  if (!(whole(f.capacity) >= 1)) errors.push({ field: 'series_capacity', message: 'Enter the number of places, 1 or more' });
  return errors;
}

/** fieldOf maps an API error's field to this form's input: the rule is built from the
 * days and the end, so its errors belong to the days; a tied series' start comes from
 * the weeks before go-live. */
function fieldOf(apiField: string, tied: boolean): string | undefined {
  return {
    rrule: 'series_days',
    capacity: 'series_capacity',
    starts_at: tied ? 'weeks_before' : 'series_first',
    ends_at: 'series_ends_at',
    milestone_id: 'milestone_id',
    weeks_before: 'weeks_before',
  }[apiField];
}

function Preview({ f, milestones }: { f: SeriesFields; milestones: Milestone[] }) {
  const dates = time.test(f.start) && time.test(f.end) ? seriesDates(firstDate(f, milestones), f.days, seriesEnd(f)) : [];
  const times = previewTimes(dates.slice(0, MaxTimes), f.start, f.end);
  return (
    <div class="nhsuk-inset-text" data-testid="series-preview">
      <span class="nhsuk-u-visually-hidden">Information: </span>
      <h3 class="nhsuk-heading-s nhsuk-u-margin-bottom-2">The times this makes</h3>
      {times.length === 0 ? (
        <p>Choose the days, the times and when it ends to see the dates.</p>
      ) : (
        <>
          <p>
            {dates.length > MaxTimes
              ? `More than ${MaxTimes} times: a series makes at most ${MaxTimes}. Choose fewer weeks or an earlier end.`
              : `${times.length} ${times.length === 1 ? 'time' : 'times'}, UK time:`}
          </p>
          <ol class="app-series-preview">
            {times.map((t) => (
              <li key={t.date}>{shortWhen(t.starts_at, t.ends_at)}</li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

export function SeriesForm({ session, onAdded }: { session: Session; onAdded(): void }) {
  const milestones = useResource(listMilestones, []);
  const [f, setF] = useState<SeriesFields>({
    first: '',
    start: '10:00',
    end: '11:00',
    days: [],
    ends: 'weeks',
    weeks: '6',
    until: '',
    capacity: '20',
    milestone: '',
    weeksBefore: '6',
  });
  const [added, setAdded] = useState('');
  const form = useSubmit();
  const set = (p: Partial<SeriesFields>) => setF((old) => ({ ...old, ...p }));
  const ms = milestones.data ?? [];

  async function submit(e: Event) {
    e.preventDefault();
    setAdded('');
    const errors = check(f);
    if (errors.length) return form.setErrors(errors);
    const first = firstDate(f, ms);
    const input: SeriesInput = {
      rrule: buildRule(f.days, seriesEnd(f)),
      starts_at: wallClock(first, f.start),
      ends_at: wallClock(first, f.end),
      capacity: whole(f.capacity),
      timezone: 'Europe/London',
    };
    if (f.milestone) {
      input.milestone_id = Number(f.milestone);
      input.weeks_before = whole(f.weeksBefore);
    }
    await form.run(
      async () => {
        const s = await addSeries(session.id, input);
        const firstSlot = s.slots[0];
        setAdded(`Added ${s.slots.length} ${s.slots.length === 1 ? 'time' : 'times'}, from ${firstSlot ? slotWhen(firstSlot.starts_at, firstSlot.ends_at) : ''}`);
        set({ days: [] }); // a second series starts from a clear choice of days, not the same times again
        onAdded();
      },
      (err) => {
        const field = err instanceof ApiError && err.field ? fieldOf(err.field, !!f.milestone) : undefined;
        if (field) form.setErrors([{ field, message: (err as ApiError).message }]);
        else form.fail(err);
      },
    );
  }

  const milestoneOptions = [
    { value: '', label: 'Not tied to a milestone' },
    ...ms.map((m) => ({ value: String(m.id), label: `${m.name} (${goLiveDay(m.go_live_on)})` })),
  ];
  return (
    <form onSubmit={submit} noValidate aria-labelledby="series-heading">
      <h2 class="nhsuk-heading-m" id="series-heading">
        Add a series of times
      </h2>
      <p>Add the same time on chosen days each week, instead of one time at a time.</p>
      <ErrorSummary errors={form.errors} />
      <div role="status" aria-live="polite">
        {added && <p class="nhsuk-body">{added}</p>}
      </div>
      <SelectField
        id="milestone_id"
        label="Tie to a go-live milestone (optional)"
        hint="Tied times start a number of weeks before go-live, and move when the go-live date moves."
        value={f.milestone}
        onValue={(milestone) => {
          set({ milestone });
          form.setErrors(form.errors.filter((e) => e.field !== 'series_first' && e.field !== 'weeks_before'));
        }}
        options={milestoneOptions}
        error={form.fieldError('milestone_id')}
      />
      {f.milestone ? (
        <TextField
          id="weeks_before"
          label="Weeks before go-live"
          hint="The series starts this many weeks before the go-live date."
          widthClass="nhsuk-input--width-3"
          value={f.weeksBefore}
          onValue={(weeksBefore) => set({ weeksBefore })}
          error={form.fieldError('weeks_before')}
        />
      ) : (
        <TextField
          id="series_first"
          label="Date of the first time"
          type="date"
          widthClass="nhsuk-input--width-10"
          value={f.first}
          onValue={(first) => set({ first })}
          error={form.fieldError('series_first')}
        />
      )}
      <TextField id="series_starts_at" label="Each time starts at (UK time)" hint="For example, 10:00" type={'time' as 'text'} widthClass="nhsuk-input--width-10" value={f.start} onValue={(start) => set({ start })} error={form.fieldError('series_starts_at')} />
      <TextField id="series_ends_at" label="Each time ends at (UK time)" type={'time' as 'text'} widthClass="nhsuk-input--width-10" value={f.end} onValue={(end) => set({ end })} error={form.fieldError('series_ends_at')} />
      <Checkboxes
        id="series_days"
        legend="Repeat on"
        options={weekdays.map((d) => ({ value: d, label: weekdayLabels[d] }))}
        values={f.days}
        onValues={(days) => set({ days: days as Weekday[] })}
        small
        error={form.fieldError('series_days')}
      />
      <Radios
        id="series_ends"
        legend="Ends"
        value={f.ends}
        onValue={(ends) => set({ ends: ends as 'weeks' | 'until' })}
        small
        options={[
          { value: 'weeks', label: 'After a number of weeks' },
          { value: 'until', label: 'On a date' },
        ]}
      />
      {f.ends === 'weeks' ? (
        <TextField id="series_weeks" label="How many weeks" widthClass="nhsuk-input--width-3" value={f.weeks} onValue={(weeks) => set({ weeks })} error={form.fieldError('series_weeks')} />
      ) : (
        <TextField id="series_until" label="Date of the last time" type="date" widthClass="nhsuk-input--width-10" value={f.until} onValue={(until) => set({ until })} error={form.fieldError('series_until')} />
      )}
      <TextField id="series_capacity" label="Places at each time" widthClass="nhsuk-input--width-4" value={f.capacity} onValue={(capacity) => set({ capacity })} error={form.fieldError('series_capacity')} />
      <Preview f={f} milestones={ms} />
      <SubmitButton busy={form.busy} secondary>
        Add series
      </SubmitButton>
    </form>
  );
}
