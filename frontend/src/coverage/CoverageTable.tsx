// CoverageTable is every cell with every stage: the data behind the heat map.
import { shownField, splitStages, splitWords, stageLabels, stages, type CoverageCell } from './api';

export function CoverageTable({ cells }: { cells: CoverageCell[] }) {
  return (
    <div class="app-table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on small screens)">
      <table class="nhsuk-table app-coverage-table">
        <caption class="nhsuk-table__caption nhsuk-table__caption--s">
          Every organisation and staff group, each stage as people and share of headcount
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">Organisation</th>
            <th class="nhsuk-table__header" scope="col">Staff group</th>
            <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">Headcount</th>
            {stages.map((s) => (
              <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col" key={s}>
                {stageLabels[s]}
              </th>
            ))}
            <th class="nhsuk-table__header" scope="col">Targets</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          {cells.map((c) => (
            <tr class="nhsuk-table__row" key={`${c.organisation_id}:${c.staff_group}`}>
              <td class="nhsuk-table__cell">{c.organisation_name}</td>
              <td class="nhsuk-table__cell">{c.staff_group}</td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{shownField(c, 'headcount', c.headcount)}</td>
              {stages.map((s) => (
                <td class="nhsuk-table__cell nhsuk-table__cell--numeric" key={s}>
                  {shownField(c, s, c[s])}
                  {c.percent[s] !== null && <span class="app-muted"> ({c.percent[s]}%)</span>}
                  {(splitStages as readonly string[]).includes(s) && (
                    <span class="app-muted app-coverage-split">{splitWords(c, s)}</span>
                  )}
                </td>
              ))}
              <td class="nhsuk-table__cell">
                {c.flagged ? (
                  <strong class="nhsuk-tag nhsuk-tag--red">▲ Below target</strong>
                ) : (
                  <strong class="nhsuk-tag nhsuk-tag--green">Meets targets</strong>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
