// HeatMap is the organisation × staff group matrix for one funnel stage. Each
// square is a link to that group's details; its shade shows the share of the
// headcount reached, and its text says the same in words, so colour is never
// the only signal. Groups below a target carry a triangle and "Below target".
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

interface Props {
  cells: CoverageCell[];
  stage: Stage;
  cellHref(c: CoverageCell): string;
  selected?: string;
}

export function HeatMap({ cells, stage, cellHref, selected }: Props) {
  const orgs = [...new Map(cells.map((c) => [c.organisation_id, c.organisation_name])).entries()];
  const groups = [...new Set(cells.map((c) => c.staff_group))];
  const byKey = new Map(cells.map((c) => [cellKey(c), c]));
  return (
    <div class="app-table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on small screens)">
      <table class="nhsuk-table app-heatmap">
        <caption class="nhsuk-table__caption nhsuk-table__caption--s">
          {stageLabels[stage]}: people in each organisation and staff group, with their share of the headcount
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">Organisation</th>
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
                const p = c.percent[stage];
                const cls = [
                  'nhsuk-table__cell app-heatmap__cell',
                  `app-heatmap__cell--l${level(p)}`,
                  c.flagged ? 'app-heatmap__cell--flagged' : '',
                  selected === cellKey(c) ? 'app-heatmap__cell--selected' : '',
                ].join(' ');
                return (
                  <td class={cls} key={g}>
                    <a class="app-heatmap__link" href={cellHref(c)} aria-current={selected === cellKey(c) ? 'true' : undefined}>
                      <span class="app-heatmap__count">{shownField(c, stage, c[stage])}</span>
                      {p !== null && <span class="app-heatmap__pct"> ({p}%)</span>}
                      <span class="nhsuk-u-visually-hidden">
                        {' '}
                        of {shownField(c, 'headcount', c.headcount)} {g} staff at {name}
                      </span>
                      {c.flagged && <span class="app-heatmap__flag">▲ Below target</span>}
                    </a>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="nhsuk-body-s app-heatmap__key">
        Key: darker squares mean a larger share of the group's headcount (lightest: none; then under 10%, 10% to 24%, 25%
        to 49%, 50% or more). ▲ Below target marks a group that misses a target. “fewer than 5” hides small numbers; “not shown” hides a count that would give one away.
      </p>
    </div>
  );
}
