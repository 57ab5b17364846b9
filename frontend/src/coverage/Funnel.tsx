// Funnel shows how many people reached each stage as bars, with the same
// figures in a table for anyone who would rather read than look (and for
// screen readers, which skip the drawing).
import { DataTable } from '../components/DataTable';
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
      <DataTable
        caption="How far people got, in figures"
        captionSize="s"
        tableClass="app-funnel-table"
        scroll={false}
        rows={[
          { stage: 'Headcount', meaning: 'on the contact list', people: shown(headcount, hidden.includes('headcount')) },
          ...stages.map((s) => ({ stage: stageLabels[s], meaning: stageHints[s], people: shown(totals[s], hidden.includes(`totals.${s}`)) })),
        ]}
        rowKey={(r) => r.stage}
        columns={[
          { header: 'Stage', rowHeader: true, cell: (r) => r.stage },
          { header: 'Meaning', cell: (r) => r.meaning },
          { header: 'People', numeric: true, cell: (r) => r.people },
        ]}
      />
    </>
  );
}
