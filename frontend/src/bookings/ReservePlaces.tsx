// ReservePlaces is the session form's "Reserve places" fieldset: a share of
// each time's places held back for named organisations or staff groups until
// a release date and time (London), then open to everyone. readReservation
// turns what was typed into the API's four reserved_* fields, or errors bound
// to the same field ids the API names in a 422.
import { TextField } from '../components/fields';
import type { FormError } from '../components/formErrors';
import type { ReservationRule, Session } from './api';
import { Checkboxes } from '../components/choices';
import { londonFields, londonToUTC } from './londonTime';

/** ReserveDraft is the fieldset's inputs as typed. */
export interface ReserveDraft {
  share: string;
  date: string;
  time: string;
  orgIds: string[];
  groups: string[];
}

/** draftFrom fills the fieldset from a saved session, in London time. */
export function draftFrom(s?: Session): ReserveDraft {
  const { date, time } = londonFields(s?.reserved_until);
  return {
    share: String(s?.reserved_share ?? 0),
    date,
    time,
    orgIds: (s?.reserved_organisation_ids ?? []).map(String),
    groups: s?.reserved_staff_groups ?? [],
  };
}

const none: ReservationRule = { reserved_share: 0, reserved_until: null, reserved_organisation_ids: [], reserved_staff_groups: [] };

/** readReservation checks the draft as the API will, and gives the rule to send. */
export function readReservation(d: ReserveDraft, now = new Date()): { rule: ReservationRule; errors: FormError[] } {
  const share = d.share.trim() === '' ? 0 : /^\d+$/.test(d.share.trim()) ? Number(d.share.trim()) : NaN;
  if (!(share >= 0 && share <= 90))
    return { rule: none, errors: [{ field: 'reserved_share', message: 'Enter a share from 0 to 90 percent' }] };
  if (share === 0) return { rule: none, errors: [] };
  const errors: FormError[] = [];
  const until = londonToUTC(d.date, d.time);
  if (!londonToUTC(d.date, '12:00')) errors.push({ field: 'reserved_until', message: 'Enter the date the held places open to everyone' });
  if (!londonToUTC('2000-01-01', d.time))
    errors.push({ field: 'reserved_until_time', message: 'Enter the time the held places open, like 09:00' });
  if (until && new Date(until) <= now) errors.push({ field: 'reserved_until', message: 'The release date and time must be in the future' });
  if (d.orgIds.length === 0 && d.groups.length === 0)
    errors.push({ field: 'reserved_organisation_ids', message: 'Select the organisations or staff groups to hold places for' });
  const rule = {
    reserved_share: share,
    reserved_until: until,
    reserved_organisation_ids: d.orgIds.map(Number),
    reserved_staff_groups: d.groups,
  };
  return { rule, errors };
}

interface Props {
  draft: ReserveDraft;
  onDraft(d: ReserveDraft): void;
  orgs: { id: number; name: string }[];
  groups: string[];
  fieldError(field: string): string | undefined;
}

export function ReservePlaces({ draft, onDraft, orgs, groups, fieldError }: Props) {
  const set = <K extends keyof ReserveDraft>(k: K) => (v: ReserveDraft[K]) => onDraft({ ...draft, [k]: v });
  return (
    <div class="nhsuk-form-group">
      <fieldset class="nhsuk-fieldset" aria-describedby="reserve-hint">
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
          <h2 class="nhsuk-fieldset__heading">Reserve places (optional)</h2>
        </legend>
        <div class="nhsuk-hint" id="reserve-hint">
          Hold back a share of each time's places so people from organisations or staff groups you have heard little
          from can still get one. Until the release date only they can book the held places; after it, the held places
          open to everyone.
        </div>
        <TextField
          id="reserved_share"
          label="Share of places to hold back (%)"
          hint="From 0 to 90. For example, 40 holds back 4 of 10 places (rounded down). Enter 0 to hold nothing back."
          widthClass="nhsuk-input--width-3"
          value={draft.share}
          onValue={set('share')}
          error={fieldError('reserved_share')}
        />
        <TextField id="reserved_until" label="Release date" hint="When the held places open to everyone" type={'date' as 'text'} widthClass="nhsuk-input--width-10" value={draft.date} onValue={set('date')} error={fieldError('reserved_until')} />
        <TextField id="reserved_until_time" label="Release time (UK time)" hint="For example, 09:00" type={'time' as 'text'} widthClass="nhsuk-input--width-10" value={draft.time} onValue={set('time')} error={fieldError('reserved_until_time')} />
        <Checkboxes
          id="reserved_organisation_ids"
          legend="Hold places for staff of these organisations"
          small
          hint="A person can take a held place only if they match every list you tick: their organisation is one of these (if you tick any) and their staff group is one of those below (if you tick any)."
          options={orgs.map((o) => ({ value: String(o.id), label: o.name }))}
          values={draft.orgIds}
          onValues={set('orgIds')}
          error={fieldError('reserved_organisation_ids')}
        />
        <Checkboxes
          id="reserved_staff_groups"
          legend="Hold places for these staff groups"
          small
          hint="Tick at least one organisation or staff group when you hold places back"
          options={groups.map((g) => ({ value: g, label: g }))}
          values={draft.groups}
          onValues={set('groups')}
          error={fieldError('reserved_staff_groups')}
        />
      </fieldset>
    </div>
  );
}
