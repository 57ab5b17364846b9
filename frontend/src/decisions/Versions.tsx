// Versions lists a decision's kept versions, newest first: when each was
// saved (or published) and what it said was decided, so nothing published is
// ever silently rewritten.
import { DataTable } from '../components/DataTable';
import { LoadError, Loading } from '../components/Status';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { listVersions, type DecisionVersion } from './api';
import { statusLabels } from './words';

/** versionTime is when a version was made: saved, published or created, whichever the server gives. */
export const versionTime = (v: DecisionVersion) => v.saved_at ?? v.published_at ?? v.created_at ?? v.updated_at ?? null;

export function VersionTable({ versions, caption = 'Versions' }: { versions: DecisionVersion[]; caption?: string }) {
  const rows = [...versions].sort((a, b) => b.version - a.version);
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(v) => v.version}
      rowAttrs={() => ({ 'data-testid': 'version-row' })}
      columns={[
        { header: 'Version', cell: (v) => v.version, rowHeader: true },
        { header: 'Saved', cell: (v) => <Time value={versionTime(v)} empty="Not recorded" /> },
        { header: 'Status', cell: (v) => (v.status ? statusLabels[v.status] : '') },
        { header: 'What was decided', cell: (v) => <span class="app-decision-text">{v.decided || v.title || ''}</span> },
      ]}
    />
  );
}

export function Versions({ id, version }: { id: number; version: number }) {
  const versions = useResource(() => listVersions(id), [id, version]);
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">Version history</h2>
      {versions.error ? <LoadError error={versions.error} /> : !versions.data ? <Loading /> : versions.data.length === 0 ? (
        <p>No earlier versions.</p>
      ) : (
        <VersionTable versions={versions.data} />
      )}
    </section>
  );
}
