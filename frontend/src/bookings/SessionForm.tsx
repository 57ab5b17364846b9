// SessionForm creates or edits an engagement session: what it is about, its
// format, and who it is for.
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { SubmitButton, TextField } from '../components/fields';
import { useSubmit, type FormError } from '../components/formErrors';
import { useResource } from '../components/useResource';
import { listOrganisations } from '../organisations/api';
import { categoryLabels, listFacilitators, listStaffGroups, type Category, type Format, type Session, type SessionInput } from './api';
import { accessDraftFrom, readAccess, SessionAccess } from './SessionAccess';
import { CheckboxField, Checkboxes } from '../components/choices';
import { Radios, TextArea } from '../components/choices';
import { draftFrom, readReservation, ReservePlaces } from './ReservePlaces';

export function validateSession(s: SessionInput): FormError[] {
  const errors: FormError[] = [];
  if (!s.title.trim()) errors.push({ field: 'title', message: 'Enter a title' });
  if (!s.category) errors.push({ field: 'category', message: 'Select a category' });
  if (!s.format) errors.push({ field: 'format', message: 'Select online or in person' });
  if (s.format === 'virtual' && !s.meeting_url.trim())
    errors.push({ field: 'meeting_url', message: 'Enter the meeting link for an online session' });
  if (s.format === 'in_person' && !s.location.trim())
    errors.push({ field: 'location', message: 'Enter where an in-person session happens' });
  if (s.restrict_to_organisations && s.organisation_ids.length === 0)
    errors.push({ field: 'organisation_ids', message: 'Select the organisations whose staff may book' });
  return errors;
}

interface Props {
  initial?: Session;
  submitLabel: string;
  onSubmit(input: SessionInput): Promise<void>;
}

export function SessionForm({ initial, submitLabel, onSubmit }: Props) {
  const orgs = useResource(listOrganisations, []);
  const groups = useResource(listStaffGroups, []);
  const facilitators = useResource(listFacilitators, []);
  const [access, setAccess] = useState(() => accessDraftFrom(initial));
  const [title, setTitle] = useState(initial?.title ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [category, setCategory] = useState<string>(initial?.category ?? '');
  const [format, setFormat] = useState<string>(initial?.format ?? '');
  const [location, setLocation] = useState(initial?.location ?? '');
  const [meetingURL, setMeetingURL] = useState(initial?.meeting_url ?? '');
  const [orgIds, setOrgIds] = useState<string[]>((initial?.organisation_ids ?? []).map(String));
  const [staffGroups, setStaffGroups] = useState<string[]>(initial?.staff_groups ?? []);
  const [restrict, setRestrict] = useState(initial?.restrict_to_organisations ?? false);
  const [reserve, setReserve] = useState(() => draftFrom(initial));
  const form = useSubmit();

  async function submit(e: Event) {
    e.preventDefault();
    // An edit that leaves the held places alone does not send them, so a session
    // whose release time has passed can still be edited.
    const untouched = initial && JSON.stringify(reserve) === JSON.stringify(draftFrom(initial));
    const reservation = untouched ? { rule: {}, errors: [] } : readReservation(reserve);
    const input: SessionInput = {
      title: title.trim(),
      description: description.trim(),
      category: category as Category | '',
      format: format as Format | '',
      location: location.trim(),
      meeting_url: meetingURL.trim(),
      organisation_ids: orgIds.map(Number),
      staff_groups: staffGroups,
      restrict_to_organisations: restrict,
      ...reservation.rule,
    };
    const safeguards = readAccess(access);
    Object.assign(input, safeguards.input);
    const problems = [...validateSession(input), ...reservation.errors, ...safeguards.errors];
    if (problems.length) return form.setErrors(problems);
    await form.run(async () => {
      await onSubmit(input);
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={form.errors} />
      <TextField id="title" label="Title" hint="For example, Clinical safety and the new EPR: nurses and midwives" value={title} onValue={setTitle} error={form.fieldError('title')} />
      <TextArea id="description" label="Description (optional)" value={description} onValue={setDescription} error={form.fieldError('description')} />
      <Radios
        id="category"
        legend="Category"
        small
        options={Object.entries(categoryLabels).map(([value, label]) => ({ value, label }))}
        value={category}
        onValue={setCategory}
        error={form.fieldError('category')}
      />
      <Radios
        id="format"
        legend="Format"
        small
        options={[
          { value: 'virtual', label: 'Online' },
          { value: 'in_person', label: 'In person' },
        ]}
        value={format}
        onValue={setFormat}
        error={form.fieldError('format')}
      />
      {format === 'virtual' && (
        <TextField id="meeting_url" label="Meeting link" hint="An https:// link, sent only to people who book" spellcheck={false} value={meetingURL} onValue={setMeetingURL} error={form.fieldError('meeting_url')} />
      )}
      {format === 'in_person' && (
        <TextField id="location" label="Location" hint="For example, Education Centre, Room 2, Moorside General Hospital" value={location} onValue={setLocation} error={form.fieldError('location')} />
      )}
      <Checkboxes
        id="organisation_ids"
        legend="Organisations it is for (optional)"
        small
        hint="Leave all unticked for everyone"
        options={(orgs.data ?? []).map((o) => ({ value: String(o.id), label: o.name }))}
        values={orgIds}
        onValues={setOrgIds}
        error={form.fieldError('organisation_ids')}
      />
      <CheckboxField
        id="restrict_to_organisations"
        label="Only staff of these organisations may book"
        hint="People must book with a work email address at one of them"
        checked={restrict}
        onChecked={setRestrict}
      />
      <Checkboxes
        id="staff_groups"
        legend="Staff groups it is for (optional)"
        small
        hint="Leave all unticked for everyone"
        options={(groups.data ?? []).map((g) => ({ value: g, label: g }))}
        values={staffGroups}
        onValues={setStaffGroups}
        error={form.fieldError('staff_groups')}
      />
      <SessionAccess
        draft={access}
        onDraft={setAccess}
        restricted={restrict}
        facilitators={facilitators.data ?? []}
        creatorId={initial?.created_by_id ?? null}
        fieldError={form.fieldError}
      />
      <ReservePlaces draft={reserve} onDraft={setReserve} orgs={orgs.data ?? []} groups={groups.data ?? []} fieldError={form.fieldError} />
      <SubmitButton busy={form.busy}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
