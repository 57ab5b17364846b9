// Coverage is the programme team's view of who has been heard and who has
// not: filters, the funnel, the heat map with a panel for the chosen group,
// the biggest gaps in words, every figure in a table, and the evidence pack.
import './coverage.scss';
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { queryString } from '../api';
import { useSession } from '../auth/session';
import { SelectField, TextField } from '../components/fields';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { categories, evidenceURL, getCoverage, stageLabels, stages, type Coverage, type Stage } from './api';
import { CellPanel } from './CellPanel';
import { CoverageTable } from './CoverageTable';
import { Funnel } from './Funnel';
import { cellKey, HeatMap } from './HeatMap';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function Filters({ query }: { query: Record<string, string> }) {
  const { route } = useLocation();
  const [category, setCategory] = useState(query.category ?? '');
  const [from, setFrom] = useState(query.from ?? '');
  const [to, setTo] = useState(query.to ?? '');
  return (
    <form
      class="app-coverage-filters"
      onSubmit={(e) => {
        e.preventDefault();
        route(`/coverage${queryString({ category, from, to, stage: query.stage })}`);
      }}
    >
      <SelectField
        id="category"
        label="Session category"
        value={category}
        onValue={setCategory}
        options={[{ value: '', label: 'All categories' }, ...categories.map((c) => ({ value: c, label: cap(c) }))]}
      />
      <TextField id="from" label="From" hint="For example, 2026-10-01" value={from} onValue={setFrom} widthClass="nhsuk-input--width-10" />
      <TextField id="to" label="To" hint="Includes the whole day" value={to} onValue={setTo} widthClass="nhsuk-input--width-10" />
      <button class="nhsuk-button nhsuk-button--secondary" type="submit">
        Show coverage
      </button>
    </form>
  );
}

function Gaps({ data, href }: { data: Coverage; href(org: number, group: string): string }) {
  if (data.targets.length === 0) return <p>No targets are set, so no group is flagged.</p>;
  if (data.gaps.length === 0) return <p>Every organisation and staff group meets the targets.</p>;
  return (
    <ol class="nhsuk-list nhsuk-list--number app-gaps">
      {data.gaps.map((g) => (
        <li key={`${g.target_id}:${g.organisation_id}:${g.staff_group}`}>
          <a href={href(g.organisation_id, g.staff_group)}>{g.text}</a>
        </li>
      ))}
    </ol>
  );
}

function CoverageView() {
  const { query, url, path } = useLocation();
  const { me } = useSession();
  const stage: Stage = stages.includes(query.stage as Stage) ? (query.stage as Stage) : 'attended';
  const q = { category: query.category, from: query.from, to: query.to };
  const cov = useResource(() => getCoverage(q), [query.category, query.from, query.to]);
  const href = (org: number, group: string) => `${path}${queryString({ ...q, stage, cell: `${org}:${group}` })}#cell`;
  const selected = cov.data?.cells.find((c) => cellKey(c) === query.cell);

  useEffect(() => {
    if (selected) document.getElementById('cell-heading')?.focus();
  }, [query.cell, !!selected]);

  const flagged = cov.data?.cells.filter((c) => c.flagged).length ?? 0;
  return (
    <Page title="Engagement coverage" wide>
      <p>
        Who has been heard, and who has not, across every organisation and staff group. Each person counts once in a group
        however often they took part; numbers from 1 to 4 show as “fewer than 5”, and a number that would let someone work
        one of those out shows as “not shown”. Contributions are split into verified (the email is on the contact list in
        that group) and self-declared; targets on contributions count verified people only.
      </p>
      <Filters key={url} query={query} />
      <p class="nhsuk-body" role="status">
        {cov.data
          ? `${cov.data.cells.length} organisation and staff group${cov.data.cells.length === 1 ? '' : 's'}, ${flagged} below target.`
          : ''}
      </p>
      {cov.error ? <LoadError error={cov.error} /> : null}
      {!cov.data && cov.loading && <Loading />}
      {cov.data && (
        <>
          <h2 id="gaps">Biggest gaps first</h2>
          <Gaps data={cov.data} href={href} />
          {me?.role === 'admin' && (
            <p>
              <a href="/coverage/targets">Change the targets</a>
            </p>
          )}
          <h2 id="map">Heat map</h2>
          <nav class="app-stage-tabs" aria-label="Stage shown on the heat map">
            <ul class="nhsuk-list app-inline-list">
              {stages.map((s) => (
                <li key={s}>
                  <a href={`${path}${queryString({ ...q, stage: s, cell: query.cell })}`} aria-current={s === stage ? 'page' : undefined}>
                    {stageLabels[s]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <HeatMap cells={cov.data.cells} stage={stage} cellHref={(c) => href(c.organisation_id, c.staff_group)} selected={query.cell} />
          {selected && (
            <CellPanel
              cell={selected}
              category={query.category ?? ''}
              gaps={cov.data.gaps.filter((g) => cellKey(g) === cellKey(selected))}
            />
          )}
          <Funnel totals={cov.data.totals} headcount={cov.data.headcount} hidden={cov.data.protected} />
          <h2 id="table">Every group in figures</h2>
          <details class="nhsuk-details">
            <summary class="nhsuk-details__summary">
              <span class="nhsuk-details__summary-text">Show the heat map as a table, with every stage</span>
            </summary>
            <div class="nhsuk-details__text">
              <CoverageTable cells={cov.data.cells} />
            </div>
          </details>
          {(me?.role === 'admin' || me?.role === 'comms') && (
            <>
              <h2 id="evidence">Evidence pack</h2>
              <p>For the programme board: activity, coverage, gaps and what was done, themes and responses, and the Gunning principles, for the dates above.</p>
              <p>
                <a class="nhsuk-button nhsuk-button--secondary app-button-link" href={evidenceURL('report', q)} target="_blank" rel="noopener">
                  Open the printable report (opens in a new tab)
                </a>{' '}
                <a class="nhsuk-button nhsuk-button--secondary app-button-link" href={evidenceURL('zip', q)} download>
                  Download the evidence pack (zip)
                </a>
              </p>
            </>
          )}
        </>
      )}
    </Page>
  );
}

export default function CoveragePage() {
  return (
    <RequireRole roles={['admin', 'comms', 'facilitator']}>
      <CoverageView />
    </RequireRole>
  );
}
