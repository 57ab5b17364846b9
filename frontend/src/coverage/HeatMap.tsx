// HeatMap is the organisation × staff group matrix for one funnel stage. Each
// square is a link to that group's details; its shade shows the share of the
// headcount at that stage, and its text says the same in words, so colour is
// never the only signal. A group below a target set on the stage shown carries
// a triangle and "Below target". The organisation column stays put while the
// table scrolls sideways inside its own box, so the page itself never does.
import { shownField, stageLabels, type CoverageCell, type Stage } from './api';

export const cellKey = (c: { organisation_id: number; staff_group: string }) => `${c.organisation_id}:${c.staff_group}`;

function level(p: number | null): number {
  if (p === null) return 0;
  if (p >= 50) return 4;
  if (p >= 25) return 3;
  if (p >= 10) return 2;
  if (p > 0) return 1;
  return 0;
}

const levels = ['None', 'Under 10%', '10% to 24%', '25% to 49%', '50% or more'];

interface Props {
  cells: CoverageCell[];
  stage: Stage;
  /** staffGroups is the column order (ESR order). */
  staffGroups: string[];
  cellHref(c: CoverageCell): string;
  selected?: string;
}

/** flaggedAt says whether a group misses a target set on this stage. */
export const flaggedAt = (c: CoverageCell, stage: Stage) => c.flagged_stages.includes(stage);

function Cell({ c, stage, org, href, selected }: { c: CoverageCell; stage: Stage; org: string; href: string; selected: boolean }) {
  const p = c.percent[stage];
  const flagged = flaggedAt(c, stage);
  const cls = ['nhsuk-table__cell app-heatmap__cell', `app-heatmap__cell--l${level(p)}`,
    flagged ? 'app-heatmap__cell--flagged' : '', selected ? 'app-heatmap__cell--selected' : ''].join(' ');
  return (
    <td class={cls}>
      <a class="app-heatmap__link" href={href} aria-current={selected ? 'true' : undefined}>
        <span class="app-heatmap__count">{shownField(c, stage, c[stage])}</span>
        {p !== null && <span class="app-heatmap__pct"> ({p}%)</span>}
        <span class="nhsuk-u-visually-hidden">
          {' '}
          of {shownField(c, 'headcount', c.headcount)} {c.staff_group} staff at {org}
        </span>
        {flagged && <span class="app-heatmap__flag">▲ Below target</span>}
      </a>
    </td>
  );
}

export function HeatMap({ cells, stage, staffGroups, cellHref, selected }: Props) {
  const orgs = [...new Map(cells.map((c) => [c.organisation_id, c.organisation_name])).entries()];
  const present = new Set(cells.map((c) => c.staff_group));
  const groups = [...staffGroups.filter((g) => present.has(g)), ...[...present].filter((g) => !staffGroups.includes(g))];
  const byKey = new Map(cells.map((c) => [cellKey(c), c]));
  return (
    <>
      <h3 class="nhsuk-heading-s" id="heatmap-caption">
        {stageLabels[stage]}: people in each organisation and staff group, with their share of the headcount
        <span class="nhsuk-u-visually-hidden"> (the table scrolls sideways)</span>
      </h3>
      <div class="app-table-scroll app-heatmap-scroll" tabIndex={0} role="region" aria-labelledby="heatmap-caption">
        <table class="nhsuk-table app-heatmap" aria-labelledby="heatmap-caption">
          <thead class="nhsuk-table__head">
            <tr class="nhsuk-table__row">
              <th class="nhsuk-table__header app-heatmap__corner" scope="col">Organisation</th>
              {groups.map((g) => (
                <th class="nhsuk-table__header app-heatmap__group" scope="col" key={g}>
                  {g}
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            {orgs.map(([id, name]) => (
              <tr class="nhsuk-table__row" key={id}>
                <th class="nhsuk-table__header app-heatmap__org" scope="row">
                  {name}
                </th>
                {groups.map((g) => {
                  const c = byKey.get(`${id}:${g}`);
                  if (!c) {
                    return (
                      <td class="nhsuk-table__cell app-heatmap__cell app-heatmap__cell--none" key={g}>
                        <span class="nhsuk-u-visually-hidden">No contacts or activity</span>
                        <span aria-hidden="true">–</span>
                      </td>
                    );
                  }
                  return <Cell key={g} c={c} stage={stage} org={name} href={cellHref(c)} selected={selected === cellKey(c)} />;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Legend stage={stage} />
    </>
  );
}

/** Legend explains the shades and the marks, in words beside each swatch. */
function Legend({ stage }: { stage: Stage }) {
  return (
    <div class="app-heatmap-legend">
      <h3 class="nhsuk-heading-s" id="heatmap-legend">What the colours and marks mean</h3>
      <ul class="nhsuk-list app-heatmap-legend__list" aria-labelledby="heatmap-legend">
        {levels.map((label, i) => (
          <li key={label}>
            <span class={`app-heatmap-legend__swatch app-heatmap__cell--l${i}`} aria-hidden="true" />
            {label} of the group's headcount {stageLabels[stage].toLowerCase()}
          </li>
        ))}
        <li>
          <span class="app-heatmap-legend__swatch app-heatmap-legend__swatch--flag" aria-hidden="true">▲</span>
          Below target: the group misses a target set on the stage shown ({stageLabels[stage].toLowerCase()})
        </li>
        <li>
          <span class="app-heatmap-legend__swatch app-heatmap__cell--none" aria-hidden="true">–</span>
          No contacts or activity in that group
        </li>
      </ul>
      <p class="nhsuk-body-s app-muted">
        “Fewer than 5” hides a small number; “not shown” hides a number that would let someone work one out.
      </p>
    </div>
  );
}
