// Audit is the admin's view of the audit trail: who did what, to which object,
// and when, newest first. The filters live in the address, so the table, the
// "Older records" link, the CSV download and the back button read one state.
import '../styles/admin.scss';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { access, roleLabels } from '../areas';
import { DataTable } from '../components/DataTable';
import { ErrorSummary } from '../components/ErrorSummary';
import { SelectField, TextField } from '../components/fields';
import type { FormError } from '../components/formErrors';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { auditQuery, csvHref, listAudit, objectText, parseObject, type AuditEvent, type AuditFilters } from './api';
import { auditWhen } from './when';

function who(e: AuditEvent) {
  if (!e.actor) return 'Nobody signed in';
  const role = e.actor_role ? roleLabels[e.actor_role] : '';
  if (!e.actor.email) return `Person ${e.actor.id} (no longer held)${role ? `, ${role}` : ''}`;
  return (
    <>
      {e.actor.name || e.actor.email}
      <br />
      <span class="nhsuk-body-s">
        {e.actor.name ? e.actor.email : ''}
        {e.actor.name && role ? ', ' : ''}
        {role}
      </span>
    </>
  );
}

const result = (status: number) => (status < 400 ? 'Done' : `Refused (${status})`);

function AuditTable({ items }: { items: AuditEvent[] }) {
  if (items.length === 0) return <p>No records match your filters.</p>;
  return (
    <DataTable
      caption="Audit records, newest first"
      captionSize="hidden"
      responsive
      scroll={false}
      rows={items}
      rowKey={(e) => e.id}
      columns={[
        { header: 'When', cell: (e) => auditWhen(e.at) },
        { header: 'Who', cell: who },
        { header: 'Action', cell: (e) => e.action },
        { header: 'Object', cell: (e) => objectText(e.object_kind, e.object_id) },
        { header: 'Details', cell: (e) => e.summary },
        { header: 'Result', cell: (e) => result(e.status) },
      ]}
    />
  );
}

const fieldIds: Record<string, string> = { person: 'person', action: 'action', from: 'from', to: 'to', object_kind: 'object', object_id: 'object' };

function Filters({ initial, actions, errors }: { initial: AuditFilters; actions: string[]; errors: FormError[] }) {
  const { route } = useLocation();
  const [person, setPerson] = useState(initial.person ?? '');
  const [action, setAction] = useState(initial.action ?? '');
  const [object, setObject] = useState(objectText(initial.object_kind, initial.object_id));
  const [from, setFrom] = useState(initial.from ?? '');
  const [to, setTo] = useState(initial.to ?? '');
  const fieldError = (id: string) => errors.find((e) => e.field === id)?.message;

  function submit(e: Event) {
    e.preventDefault();
    route(`/audit${auditQuery({ person: person.trim(), action, ...parseObject(object), from, to })}`);
  }
  const choices = [{ value: '', label: 'Any action' }, ...actions.map((a) => ({ value: a, label: a }))];
  if (action && !actions.includes(action)) choices.push({ value: action, label: action });

  return (
    <div class="app-filters" role="search" aria-label="Audit records">
      <form onSubmit={submit} noValidate>
        <TextField id="person" label="Person" hint="Their email address" type="email" spellcheck={false}
          widthClass="nhsuk-u-width-two-thirds" value={person} onValue={setPerson} error={fieldError('person')} />
        <SelectField id="action" label="Action" value={action} onValue={setAction} options={choices} error={fieldError('action')} />
        <TextField id="object" label="Object" hint="A kind and number, for example campaign 12" spellcheck={false}
          widthClass="nhsuk-input--width-20" value={object} onValue={setObject} error={fieldError('object')} />
        <TextField id="from" label="From" type="date" widthClass="nhsuk-input--width-10" value={from} onValue={setFrom} error={fieldError('from')} />
        <TextField id="to" label="To" type="date" widthClass="nhsuk-input--width-10" value={to} onValue={setTo} error={fieldError('to')} />
        <button class="nhsuk-button nhsuk-button--secondary" type="submit">
          Filter
        </button>
      </form>
    </div>
  );
}

function AuditView() {
  const { query, url } = useLocation();
  const filters: AuditFilters = {
    person: query.person,
    action: query.action,
    object_kind: query.object_kind,
    object_id: query.object_id,
    from: query.from,
    to: query.to,
    before: query.before,
  };
  const page = useResource(() => listAudit(filters), [url]);
  const apiError = page.error instanceof ApiError && page.error.field ? page.error : undefined;
  const errors: FormError[] = apiError ? [{ field: fieldIds[apiError.field ?? ''] ?? apiError.field, message: apiError.message }] : [];
  const count = page.data?.items.length ?? 0;

  return (
    <Page title="Audit trail" wide>
      <ErrorSummary errors={errors} />
      <p class="nhsuk-body">
        Confer records every change the programme team makes, every sign-in and every download of personal data. Records
        cannot be changed without it showing.
      </p>
      <Filters key={url} initial={filters} actions={page.data?.actions ?? []} errors={errors} />
      <p class="nhsuk-body">
        <a href={csvHref(filters)} download>
          Download these records (CSV)
        </a>
      </p>
      <p class="nhsuk-body" role="status">
        {page.data ? `${count} ${count === 1 ? 'record' : 'records'} shown${filters.before ? ', older than the last page' : ''}` : ''}
      </p>
      {page.error && !apiError ? <LoadError error={page.error} /> : null}
      {page.data ? <AuditTable items={page.data.items} /> : page.loading && <Loading />}
      {page.data?.next_before ? (
        <p class="nhsuk-body">
          <a href={`/audit${auditQuery({ ...filters, before: String(page.data.next_before) })}`}>Older records</a>
        </p>
      ) : null}
    </Page>
  );
}

export default function Audit() {
  return (
    <RequireRole roles={access.admin}>
      <AuditView />
    </RequireRole>
  );
}
