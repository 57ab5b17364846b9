// Versions lists a decision's kept versions, newest first: when each was made,
// and on the team's view who changed it, why, and what it then said was
// decided. Nothing published is ever silently rewritten.
import { DataTable, type Column } from '../components/DataTable';
import { LoadError, Loading } from '../components/Status';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { listVersions, type DecisionVersion } from './api';
import { statusLabels } from './words';

export function VersionTable({ versions, caption = 'Versions', full }: { versions: DecisionVersion[]; caption?: string; full?: boolean }) {
  const rows = [...versions].sort((a, b) => b.version - a.version);
  const columns: Column<DecisionVersion>[] = [
    { header: 'Version', cell: (v) => v.version, rowHeader: true },
    { header: 'Date', cell: (v) => <Time value={v.changed_at} empty="Not recorded" /> },
  ];
  if (full) {
    columns.push(
      { header: 'Changed by', cell: (v) => v.changed_by || 'Not recorded' },
      { header: 'Status', cell: (v) => (v.snapshot?.status ? statusLabels[v.snapshot.status] : '') },
      {
        header: 'What was decided, and why it changed',
        cell: (v) => (
          <>
            <span class="app-decision-text">{v.snapshot?.decided || 'Not decided yet'}</span>
            {v.note && <p class="app-decision-meta nhsuk-u-margin-bottom-0 app-decision-text">Why it changed: {v.note}</p>}
          </>
        ),
      },
    );
  }
  return <DataTable caption={caption} rows={rows} rowKey={(v) => v.version} rowAttrs={() => ({ 'data-testid': 'version-row' })} responsive={full} columns={columns} />;
}

export function Versions({ id, version }: { id: number; version: number }) {
  const versions = useResource(() => listVersions(id), [id, version]);
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">Version history</h2>
      {versions.error ? <LoadError error={versions.error} /> : !versions.data ? <Loading /> : versions.data.length === 0 ? (
        <p>No versions are kept until the decision is published.</p>
      ) : (
        <VersionTable versions={versions.data} full />
      )}
    </section>
  );
}
