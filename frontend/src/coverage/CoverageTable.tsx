// CoverageTable is every cell with every stage: the data behind the heat map.
import { DataTable } from '../components/DataTable';
import { shownField, splitStages, splitWords, stageLabels, stages, type CoverageCell, type Stage } from './api';

export function CoverageTable({ cells }: { cells: CoverageCell[] }) {
  return (
    <DataTable
      caption="Every organisation and staff group, each stage as people and share of headcount"
      captionSize="s"
      tableClass="app-coverage-table"
      rows={cells}
      rowKey={(c) => `${c.organisation_id}:${c.staff_group}`}
      columns={[
        { header: 'Organisation', cell: (c) => c.organisation_name },
        { header: 'Staff group', cell: (c) => c.staff_group },
        { header: 'Headcount', numeric: true, cell: (c) => shownField(c, 'headcount', c.headcount) },
        ...stages.map((s) => ({ header: stageLabels[s], numeric: true, cell: (c: CoverageCell) => <StageCell c={c} s={s} /> })),
        { header: 'Targets', cell: (c) => <TargetsTag flagged={c.flagged} /> },
      ]}
    />
  );
}

function StageCell({ c, s }: { c: CoverageCell; s: Stage }) {
  return (
    <>
      {shownField(c, s, c[s])}
      {c.percent[s] !== null && <span class="app-muted"> ({c.percent[s]}%)</span>}
      {(splitStages as readonly string[]).includes(s) && <span class="app-muted app-coverage-split">{splitWords(c, s)}</span>}
    </>
  );
}

function TargetsTag({ flagged }: { flagged: boolean }) {
  return flagged ? <strong class="nhsuk-tag nhsuk-tag--red">▲ Below target</strong> : <strong class="nhsuk-tag nhsuk-tag--green">Meets targets</strong>;
}
