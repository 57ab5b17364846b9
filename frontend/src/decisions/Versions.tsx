// Versions shows a decision's history. Once published, each change keeps the
// version it replaced (what it said, who changed it, when and why), so
// nothing said in public is silently rewritten. The team sees every kept
// version in full; the public sees when each was replaced.
import { DataTable } from '../components/DataTable';
import { LoadError, Loading } from '../components/Status';
import { useResource } from '../components/useResource';
import { listVersions, type Decision, type DecisionVersion } from './api';
import { statusLabels, when } from './words';


interface Row {
  version: number;
  current: boolean;
  replaced: string | null;
  by: string;
  status: string;
  decided: string;
  note: string;
}

function rowsOf(d: Decision, kept: DecisionVersion[]): Row[] {
  const current: Row = { version: d.version, current: true, replaced: null, by: '', status: statusLabels[d.status], decided: d.decided, note: '' };
  const older = [...kept]
    .sort((a, b) => b.version - a.version)
    .map((v) => ({
      version: v.version,
      current: false,
      replaced: v.changed_at,
      by: v.changed_by ?? '',
      status: v.snapshot?.status ? statusLabels[v.snapshot.status] : '',
      decided: v.snapshot?.decided ?? '',
      note: v.note ?? '',
    }));
  return [current, ...older];
}

export function Versions({ decision }: { decision: Decision }) {
  const versions = useResource(() => listVersions(decision.id), [decision.id, decision.version]);
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">Version history</h2>
      {!decision.published_at && <p>Until it is published you can change it freely. After that, each change keeps the version it replaced.</p>}
      {versions.error ? <LoadError error={versions.error} /> : !versions.data ? <Loading /> : decision.published_at && (
        <DataTable
          caption="Versions of this decision"
          rows={rowsOf(decision, versions.data)}
          rowKey={(r) => r.version}
          rowAttrs={() => ({ 'data-testid': 'version-row' })}
          responsive
          columns={[
            { header: 'Version', cell: (r) => (r.current ? `${r.version} (current)` : r.version), rowHeader: true },
            { header: 'Replaced', cell: (r) => (r.current ? 'Not replaced' : `${when(r.replaced)}${r.by ? ` by ${r.by}` : ''}`) },
            { header: 'Status', cell: (r) => r.status },
            { header: 'What was decided', cell: (r) => <span class="app-decision-text">{r.decided || 'Not decided yet'}</span> },
            { header: 'Why it changed', cell: (r) => <span class="app-decision-text">{r.note || (r.current ? '' : 'Not given')}</span> },
          ]}
        />
      )}
    </section>
  );
}

/** PublicVersions lists when each earlier version was replaced, for anyone to see that it changed. */
export function PublicVersions({ decision }: { decision: Decision }) {
  const kept = [...(decision.versions ?? [])].sort((a, b) => a.version - b.version);
  if (kept.length === 0) return null;
  return (
    <section aria-labelledby="public-versions-heading">
      <h2 id="public-versions-heading">Changes</h2>
      <p>This is version {decision.version}. It has changed since it was first published:</p>
      <ul data-testid="public-versions">
        {kept.map((v) => (
          <li key={v.version}>
            Version {v.version} was replaced on {when(v.changed_at)}
          </li>
        ))}
      </ul>
    </section>
  );
}
