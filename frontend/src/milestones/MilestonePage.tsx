// MilestonePage adds a go-live milestone (/milestones/new) or changes one
// (/milestones/{id}). A new go-live date moves the training series tied to it, so
// before saving one it says plainly what will move and who will be told, and asks.
import '../styles/admin.scss';
import './milestones.scss';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { access } from '../areas';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, SubmitButton, TextField } from '../components/fields';
import { useSubmit, type FormError } from '../components/formErrors';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { listStaffGroups } from '../people/api';
import { listOrganisations, type Organisation } from '../organisations/api';
import {
  countdown,
  createMilestone,
  dateParts,
  getMilestone,
  goLiveDay,
  joinDate,
  londonToday,
  moveSentence,
  updateMilestone,
  validDate,
  type MilestoneDetail,
  type MilestoneInput,
  type Target,
} from './api';
import { DateInput, type DateBoxes } from './DateInput';
import { TargetRows } from './TargetRows';

/** check finds what the browser can tell is wrong before asking the API. */
function check(orgId: string, name: string, date: string, targets: Target[], creating: boolean): FormError[] {
  const errors: FormError[] = [];
  if (creating && !orgId) errors.push({ field: 'organisation_id', message: 'Choose the organisation that goes live' });
  if (!name.trim()) errors.push({ field: 'name', message: 'Enter a name for the milestone' });
  if (!date) errors.push({ field: 'go_live_on', message: 'Enter the go-live date' });
  else if (!validDate(date)) errors.push({ field: 'go_live_on', message: 'Go-live date must be a real date, like 19 4 2027' });
  if (targets.some((t) => !t.staff_group)) errors.push({ field: 'targets', message: 'Choose a staff group for each target' });
  else if (targets.some((t) => !Number.isInteger(t.min_percent) || t.min_percent < 1 || t.min_percent > 100))
    errors.push({ field: 'targets', message: 'Each target must be a whole number of percent between 1 and 100' });
  return errors;
}

/** ConfirmMove is the step between asking for a new date and saving it. */
function ConfirmMove({ from, to, detail, busy, onConfirm, onBack }: {
  from: string;
  to: string;
  detail: MilestoneDetail;
  busy: boolean;
  onConfirm(): void;
  onBack(): void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const moving = detail.series.filter((s) => s.upcoming_slots > 0);
  return (
    <div class="nhsuk-card nhsuk-card--feature app-confirm-move" data-testid="confirm-move">
      <div class="nhsuk-card__content nhsuk-card__content--feature">
        <h2 class="nhsuk-card__heading nhsuk-card__heading--feature nhsuk-heading-m" tabIndex={-1} ref={heading}>
          Move go-live to {goLiveDay(to)}?
        </h2>
        <p>It was {goLiveDay(from)}. If you save the new date:</p>
        <ul>
          {moveSentence(detail.series).map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
        {moving.length > 0 && (
          <>
            <h3 class="nhsuk-heading-xs nhsuk-u-margin-bottom-2">Training that moves</h3>
            <ul>
              {moving.map((s) => (
                <li key={s.id}>
                  <a href={`/sessions/${s.session_id}`}>{s.session_title}</a>: {s.upcoming_slots} {s.upcoming_slots === 1 ? 'time' : 'times'},{' '}
                  {s.booked} booked
                </li>
              ))}
            </ul>
          </>
        )}
        <div class="nhsuk-button-group">
          <button class="nhsuk-button" type="button" disabled={busy} onClick={onConfirm}>
            Move the date
          </button>
          <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={onBack}>
            Go back
          </button>
        </div>
      </div>
    </div>
  );
}

function MilestoneForm({ initial, organisations, staffGroups, onSaved }: {
  initial?: MilestoneDetail;
  organisations: Organisation[];
  staffGroups: string[];
  onSaved(id: number, told: number | null): void;
}) {
  const creating = !initial;
  const [orgId, setOrgId] = useState(initial ? String(initial.organisation_id) : '');
  const [site, setSite] = useState(initial?.site ?? '');
  const [name, setName] = useState(initial?.name ?? '');
  const [date, setDate] = useState<DateBoxes>(dateParts(initial?.go_live_on ?? ''));
  const [targets, setTargets] = useState<Target[]>(initial?.targets ?? [{ staff_group: '', category: 'clinical', min_percent: 80 }]);
  const [confirming, setConfirming] = useState<MilestoneDetail | null>(null);
  const form = useSubmit();
  const goLive = joinDate(date);

  const input = (): MilestoneInput => ({ site: site.trim(), name: name.trim(), go_live_on: goLive, targets });
  async function save() {
    await form.run(async () => {
      if (creating) {
        const m = await createMilestone({ ...input(), organisation_id: Number(orgId) });
        onSaved(m.id, null);
      } else {
        const m = await updateMilestone(initial.id, input());
        onSaved(m.id, m.bookings_told);
      }
    }, (err) => {
      setConfirming(null);
      form.fail(err);
    });
  }

  async function submit(e: Event) {
    e.preventDefault();
    const errors = check(orgId, name, goLive, targets, creating);
    if (errors.length) return form.setErrors(errors);
    if (!creating && goLive !== initial.go_live_on) {
      // Ask the API what is tied to the date now, so the sentence is current.
      await form.run(async () => setConfirming(await getMilestone(initial.id)));
      return;
    }
    await save();
  }

  if (confirming && initial) {
    return (
      <ConfirmMove
        from={initial.go_live_on}
        to={goLive}
        detail={confirming}
        busy={form.busy}
        onConfirm={save}
        onBack={() => setConfirming(null)}
      />
    );
  }

  const orgOptions = [{ value: '', label: 'Choose an organisation' }, ...organisations.map((o) => ({ value: String(o.id), label: o.name }))];
  const orgName = organisations.find((o) => String(o.id) === orgId)?.name ?? '';
  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary errors={form.errors} />
      {creating ? (
        <SelectField id="organisation_id" label="Organisation" value={orgId} onValue={setOrgId} options={orgOptions} error={form.fieldError('organisation_id')} />
      ) : (
        <>
          <h2 class="nhsuk-heading-s nhsuk-u-margin-bottom-1">Organisation</h2>
          <p>{orgName}</p>
        </>
      )}
      <TextField
        id="site"
        label="Site (optional)"
        hint="If the organisation goes live in waves, the site that goes live on this date."
        value={site}
        onValue={setSite}
        error={form.fieldError('site')}
      />
      <TextField id="name" label="Name" hint="For example, Moorside General go-live" value={name} onValue={setName} error={form.fieldError('name')} />
      <DateInput
        id="go_live_on"
        legend="Go-live date"
        hint="For example, 19 4 2027"
        value={date}
        onValue={setDate}
        error={form.fieldError('go_live_on')}
      />
      <TargetRows targets={targets} staffGroups={staffGroups} onTargets={setTargets} error={form.fieldError('targets')} />
      <SubmitButton busy={form.busy}>{creating ? 'Add milestone' : 'Save milestone'}</SubmitButton>
    </form>
  );
}

/** TiedSeries lists the training series that follow the milestone's date. */
function TiedSeries({ detail }: { detail: MilestoneDetail }) {
  return (
    <>
      <h2 class="nhsuk-heading-m">Training tied to this date</h2>
      {detail.series.length === 0 ? (
        <p>
          No training times follow this date yet. To add some, open a session from <a href="/sessions">engagement sessions</a>{' '}
          and add a series of times tied to this milestone.
        </p>
      ) : (
        <ul>
          {detail.series.map((s) => (
            <li key={s.id}>
              <a href={`/sessions/${s.session_id}`}>{s.session_title}</a>: starts {s.weeks_before} {s.weeks_before === 1 ? 'week' : 'weeks'}{' '}
              before go-live; {s.upcoming_slots} {s.upcoming_slots === 1 ? 'time' : 'times'} to come, {s.booked} booked
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function MilestoneView({ id }: { id?: string }) {
  const { route, query } = useLocation();
  const creating = !id || id === 'new';
  const detail = useResource(() => (creating ? Promise.resolve(undefined) : getMilestone(id!)), [id]);
  const orgs = useResource(listOrganisations, []);
  const groups = useResource(listStaffGroups, []);
  const [saved, setSaved] = useState<{ told: number } | null>(null);
  const [version, setVersion] = useState(0);
  const error = detail.error ?? orgs.error ?? groups.error;
  const title = creating ? 'Add a go-live milestone' : 'Go-live milestone';
  if (error) return <Page title={title}><LoadError error={error} /></Page>;
  if ((!creating && !detail.data) || !orgs.data || !groups.data) return <Loading />;
  const m = detail.data;

  function onSaved(savedId: number, told: number | null) {
    if (told === null) return route(`/milestones/${savedId}?added=1`);
    setSaved({ told });
    setVersion((v) => v + 1);
    detail.reload();
  }

  return (
    <Page title={m ? m.name : title} caption={m ? `Goes live ${goLiveDay(m.go_live_on)}, ${countdown(m.go_live_on, londonToday())}` : undefined} back={{ href: '/milestones', label: 'Back to milestones' }}>
      {query.added && !saved && <SuccessBanner heading="Milestone added" />}
      {saved && (
        <SuccessBanner heading="Milestone saved">
          {saved.told > 0 && (
            <p>
              {saved.told} {saved.told === 1 ? 'person was' : 'people were'} sent the new time.
            </p>
          )}
        </SuccessBanner>
      )}
      <MilestoneForm key={`${m?.id ?? 'new'}-${version}`} initial={m} organisations={orgs.data} staffGroups={groups.data} onSaved={onSaved} />
      {m && <TiedSeries detail={m} />}
    </Page>
  );
}

export default function MilestonePage({ id }: { id?: string }) {
  return (
    <RequireRole roles={access.milestones}>
      <MilestoneView id={id} />
    </RequireRole>
  );
}
