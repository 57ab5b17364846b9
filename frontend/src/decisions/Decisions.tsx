// Decisions is the programme team's list of decisions: proposed, decided and
// superseded, published or still a draft, with a search.
import '../styles/admin.scss';
import './decisions.scss';
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { queryString } from '../api';
import { access } from '../areas';
import { DataTable } from '../components/DataTable';
import { SelectField } from '../components/fields';
import { SearchForm } from './SearchBox';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listDecisions, type Decision } from './api';
import { matches, type ListFilter } from './filter';
import { StatusTag } from './Summary';
import { calendarDay, publishedDay, statuses, statusLabels } from './words';

function DecisionTable({ rows }: { rows: Decision[] }) {
  if (rows.length === 0) return <p>No decisions match.</p>;
  return (
    <DataTable
      caption="Decisions"
      rows={rows}
      rowKey={(d) => d.id}
      rowAttrs={() => ({ 'data-testid': 'decision-row' })}
      responsive
      columns={[
        { header: 'Decision', cell: (d) => <a href={`/decisions/${d.id}/manage`}>{d.title}</a> },
        { header: 'Status', cell: (d) => <StatusTag status={d.status} /> },
        { header: 'Date decided', cell: (d) => calendarDay(d.decided_on) || 'Not recorded' },
        {
          header: 'Published',
          cell: (d) => (d.published_at ? <time dateTime={d.published_at}>{publishedDay(d.published_at)}</time> : <strong class="nhsuk-tag nhsuk-tag--white">Draft</strong>),
        },
        { header: 'Links', cell: (d) => d.links?.length ?? 0, numeric: true },
      ]}
    />
  );
}

function DecisionsPage() {
  const { query, route } = useLocation();
  const filter: ListFilter = { q: query.q, status: query.status, state: query.state };
  const [q, setQ] = useState(query.q ?? '');
  const list = useResource(() => listDecisions({ q: filter.q, status: filter.status }), [filter.q, filter.status]);
  const go = (f: ListFilter) => route(`/decisions${queryString({ ...f })}`);
  const rows = (list.data ?? []).filter((d) => matches(d, filter));
  return (
    <Page title="Decisions" wide>
      <p>
        Record what the programme decided and what informed it. Publishing a decision adds it to the{' '}
        <a href="/decisions/register">public register</a> and tells the people whose contributions it links.
      </p>
      <a class="nhsuk-button" href="/decisions/new">
        Record a decision
      </a>
      <SearchForm q={q} onQ={setQ} onSearch={() => go({ ...filter, q })}>
        <div class="nhsuk-grid-column-one-third">
          <SelectField
            id="status"
            label="Status"
            value={filter.status ?? ''}
            options={[{ value: '', label: 'Any status' }, ...statuses.map((s) => ({ value: s, label: statusLabels[s] }))]}
            onValue={(status) => go({ ...filter, q, status })}
          />
        </div>
        <div class="nhsuk-grid-column-one-third">
          <SelectField
            id="state"
            label="Published or draft"
            value={filter.state ?? ''}
            options={[
              { value: '', label: 'Both' },
              { value: 'published', label: 'Published' },
              { value: 'draft', label: 'Draft' },
            ]}
            onValue={(state) => go({ ...filter, q, state })}
          />
        </div>
      </SearchForm>
      {list.error ? <LoadError error={list.error} /> : null}
      {list.data ? (
        <>
          <p role="status">
            {rows.length} {rows.length === 1 ? 'decision' : 'decisions'}
          </p>
          <DecisionTable rows={rows} />
        </>
      ) : (
        !list.error && <Loading />
      )}
    </Page>
  );
}

export default function Decisions() {
  return (
    <RequireRole roles={access.decisions}>
      <DecisionsPage />
    </RequireRole>
  );
}
