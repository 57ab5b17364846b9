// Funnel shows how many people reached each stage as bars, with the same
// figures in a table for anyone who would rather read than look (and for
// screen readers, which skip the drawing).
import { shown, stageHints, stageLabels, stages, type Count, type Stage } from './api';

export function Funnel({ totals, headcount, hidden }: { totals: Record<Stage, Count>; headcount: Count; hidden: string[] }) {
  const max = Math.max(1, headcount ?? 0, ...stages.map((s) => totals[s] ?? 0));
  return (
    <>
      <h2 id="funnel">How far people got</h2>
      <p>Everyone in every group, each person counted once.</p>
      <div class="app-funnel" aria-hidden="true">
        {stages.map((s) => (
          <div class="app-funnel__row" key={s}>
            <span class="app-funnel__label">{stageLabels[s]}</span>
            <span class="app-funnel__track">
              <span
                class={`app-funnel__bar app-funnel__bar--${s}`}
                style={{ width: `${totals[s] === null ? 2 : Math.max(0.5, ((totals[s] ?? 0) / max) * 100)}%` }}
              />
            </span>
            <span class="app-funnel__value">{shown(totals[s], hidden.includes(`totals.${s}`))}</span>
          </div>
        ))}
      </div>
      <table class="nhsuk-table app-funnel-table">
        <caption class="nhsuk-table__caption nhsuk-table__caption--s">How far people got, in figures</caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">Stage</th>
            <th class="nhsuk-table__header" scope="col">Meaning</th>
            <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col">People</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="row">Headcount</th>
            <td class="nhsuk-table__cell">on the contact list</td>
            <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{shown(headcount, hidden.includes('headcount'))}</td>
          </tr>
          {stages.map((s) => (
            <tr class="nhsuk-table__row" key={s}>
              <th class="nhsuk-table__header" scope="row">{stageLabels[s]}</th>
              <td class="nhsuk-table__cell">{stageHints[s]}</td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{shown(totals[s], hidden.includes(`totals.${s}`))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
