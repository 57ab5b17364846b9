// Coverage is the programme team's view of who has been heard and who has
// not: filters, the funnel, the heat map with a panel for the chosen group,
// the biggest gaps in words, every figure in a table, and the evidence pack.
import '../styles/admin.scss';
import './coverage.scss';
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { queryString } from '../api';
import { useSession } from '../auth/session';
import { SelectField, TextField } from '../components/fields';
import { Page } from '../components/Page';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { categories, evidenceURL, getCoverage, stageLabels, stages, type Coverage, type CoverageGap, type Stage } from './api';
import { CellPanel } from './CellPanel';
import { CoverageTable } from './CoverageTable';
import { Funnel } from './Funnel';
import { cellKey, HeatMap } from './HeatMap';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

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

const topGaps = 5;

type GapHref = (g: CoverageGap) => string;

/** Gaps lists the five biggest gaps in words, and every gap by organisation behind "Show all". */
function Gaps({ data, href }: { data: Coverage; href: GapHref }) {
  if (data.targets.length === 0) return <p>No targets are set, so no group is flagged.</p>;
  if (data.gaps.length === 0) return <p>Every organisation and staff group meets the targets.</p>;
  return (
    <>
      <ol class="nhsuk-list nhsuk-list--number app-gaps">
        {data.gaps.slice(0, topGaps).map((g) => (
          <li key={gapKey(g)}>
            <a href={href(g)}>{g.headline}</a>
          </li>
        ))}
      </ol>
      {data.gaps.length > topGaps && <AllGaps gaps={data.gaps} href={href} />}
    </>
  );
}

const gapKey = (g: CoverageGap) => `${g.target_id}:${g.organisation_id}:${g.staff_group}`;

/** AllGaps groups every gap under its organisation, biggest gaps first in each. */
function AllGaps({ gaps, href }: { gaps: CoverageGap[]; href: GapHref }) {
  const byOrg = new Map<number, CoverageGap[]>();
  for (const g of gaps) byOrg.set(g.organisation_id, [...(byOrg.get(g.organisation_id) ?? []), g]);
  return (
    <details class="nhsuk-details">
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">Show all {gaps.length} gaps</span>
      </summary>
      <div class="nhsuk-details__text">
        {[...byOrg.values()].map((list) => (
          <section key={list[0].organisation_id}>
            <h3 class="nhsuk-heading-s">
              {list[0].organisation_name}: {list.length} {list.length === 1 ? 'gap' : 'gaps'}
            </h3>
            <ul class="nhsuk-list nhsuk-list--bullet">
              {list.map((g) => (
                <li key={gapKey(g)}>
                  <a href={href(g)}>{g.text}</a>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </details>
  );
}

function CoverageView() {
  const { query, url, path } = useLocation();
  const { me } = useSession();
  const q = { category: query.category, from: query.from, to: query.to };
  const cov = useResource(() => getCoverage(q), [query.category, query.from, query.to]);
  const asked = stages.includes(query.stage as Stage) ? (query.stage as Stage) : undefined;
  const stage: Stage = asked ?? cov.data?.default_stage ?? 'reached';
  const href = (org: number, group: string, at: Stage = stage) =>
    `${path}${queryString({ ...q, stage: at, cell: `${org}:${group}` })}#cell`;
  const gapHref = (g: CoverageGap) => href(g.organisation_id, g.staff_group, g.stage);
  const selected = cov.data?.cells.find((c) => cellKey(c) === query.cell);

  useEffect(() => {
    if (selected) document.getElementById('cell-heading')?.focus();
  }, [query.cell, !!selected]);

  const data = cov.data;
  const cells = data ? [...data.cells] : [];
  const orgCount = new Set(cells.map((c) => c.organisation_id)).size;
  const flagged = cells.filter((c) => c.flagged).length;
  return (
    <Page title="Engagement coverage" wide>
      <p>
        Who has been heard, and who has not, in each organisation and staff group. Each person counts once in a group,
        however often they took part. A contribution is verified when the email address is on the contact list for that
        group; targets on contributions count verified people only.
      </p>
      <Filters key={url} query={query} />
      <p class="nhsuk-body" role="status">
        {data
          ? `${plural(cells.length, 'staff group')} in ${plural(orgCount, 'organisation')}: ${flagged} below a target.`
          : ''}
      </p>
      {cov.error ? <LoadError error={cov.error} /> : null}
      {!data && cov.loading && <Loading />}
      {data && (
        <>
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
          <HeatMap
            cells={cells}
            stage={stage}
            staffGroups={data.staff_groups}
            cellHref={(c) => href(c.organisation_id, c.staff_group)}
            selected={query.cell}
          />
          {selected && (
            <CellPanel cell={selected} category={query.category ?? ''} gaps={data.gaps.filter((g) => cellKey(g) === cellKey(selected))} />
          )}
          <h2 id="gaps">Biggest gaps</h2>
          <Gaps data={data} href={gapHref} />
          {me?.role === 'admin' && (
            <p>
              <a href="/coverage/targets">Change the targets</a>
            </p>
          )}
          <Funnel totals={data.totals} headcount={data.headcount} hidden={data.protected} />
          <h2 id="table">Every group in figures</h2>
          <details class="nhsuk-details">
            <summary class="nhsuk-details__summary">
              <span class="nhsuk-details__summary-text">Show the heat map as a table, with every stage</span>
            </summary>
            <div class="nhsuk-details__text">
              <CoverageTable cells={cells} />
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
    <RequireRole roles={access.coverage}>
      <CoverageView />
    </RequireRole>
  );
}
