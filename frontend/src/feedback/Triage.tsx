// Triage is the programme team's queue: every post in every channel, public or
// not, filtered by channel, status and visibility, newest first. New posts and
// replies arrive live over the team socket.
import '../styles/admin.scss';
import './feedback.scss';
import { useLocation } from 'preact-iso';
import { useCallback, useState } from 'preact/hooks';
import { SelectField } from '../components/fields';
import { Page } from '../components/Page';
import { DataTable } from '../components/DataTable';
import { Pagination } from '../components/Pagination';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { queryString } from '../api';
import { useSession } from '../auth/session';
import { kindLabels, listChannels, listQueue, statuses, statusLabels, visibilityLabels, type QueueFilters, type TeamPost } from './api';
import { useLive, type Frame } from '../components/live';
import { LiveNote } from '../components/LiveNote';
import { StatusTag } from './PostView';

function snippet(s: string): string {
  return s.length > 140 ? `${s.slice(0, 140)}…` : s;
}

function QueueTable({ items }: { items: TeamPost[] }) {
  if (items.length === 0) return <p>No posts match.</p>;
  return (
    <DataTable
      caption="Posts to triage"
      rows={items}
      rowKey={(p) => p.id}
      rowAttrs={() => ({ 'data-testid': 'queue-row' })}
      columns={[
        {
          header: 'Post',
          cell: (p) => (
            <>
              <a href={`/feedback/triage/${p.id}`}>
                {kindLabels[p.kind]} {p.id}
              </a>
              <p class="nhsuk-body-s nhsuk-u-margin-bottom-0 app-feedback-text">{snippet(p.body)}</p>
              <p class="app-feedback-meta nhsuk-u-margin-bottom-0">
                <Time value={p.created_at} />
                {p.visibility !== 'public' ? ` · ${visibilityLabels[p.visibility]}` : ''}
              </p>
            </>
          ),
        },
        { header: 'Channel', cell: (p) => p.channel.name },
        { header: 'From', cell: (p) => (p.anonymous ? 'Anonymous' : p.name) },
        { header: 'Status', cell: (p) => <StatusTag status={p.status} /> },
        { header: 'Me too', cell: (p) => p.metoo_count },
      ]}
    />
  );
}

function TriagePage() {
  const { query, url, route } = useLocation();
  const { me } = useSession();
  const filters: QueueFilters = {
    channel_id: query.channel_id,
    status: query.status,
    visibility: query.visibility,
    page: Math.max(1, Number(query.page) || 1),
  };
  const queue = useResource(() => listQueue(filters), [url]);
  const channels = useResource(listChannels, []);
  const [announcement, setAnnouncement] = useState('');
  const onFrame = useCallback(
    (f: Frame) => {
      if (f.type === 'post') setAnnouncement('The queue has been updated.');
      if (f.type === 'reply') setAnnouncement('A new reply has arrived.');
      queue.reload();
    },
    [queue.reload],
  );
  const live = useLive('/ws/feedback/team', onFrame, queue.reload);
  const setFilter = (key: string, value: string) => route(`/feedback/triage${queryString({ ...filters, page: undefined, [key]: value })}`);

  return (
    <Page title="Feedback triage" wide>
      <p>
        {me?.role === 'admin' && (
          <>
            <a href="/feedback/manage">Manage channels</a> ·{' '}
          </>
        )}
        <a href="/feedback">Public channels</a> · <a href="/you-said-we-did">You said, we did</a> ·{' '}
        <a href="/api/v1/feedback/export/posts.csv" download>
          Download all posts (CSV)
        </a>
      </p>
      <LiveNote status={live} open="Live: new posts appear without reloading." announcement={announcement} />
      <div class="nhsuk-grid-row app-filters">
        <div class="nhsuk-grid-column-one-third">
          <SelectField
            id="channel_id"
            label="Channel"
            value={filters.channel_id ?? ''}
            options={[{ value: '', label: 'All channels' }, ...(channels.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))]}
            onValue={(v) => setFilter('channel_id', v)}
          />
        </div>
        <div class="nhsuk-grid-column-one-third">
          <SelectField
            id="status"
            label="Status"
            value={filters.status ?? ''}
            options={[{ value: '', label: 'Any status' }, ...statuses.map((s) => ({ value: s, label: statusLabels[s] }))]}
            onValue={(v) => setFilter('status', v)}
          />
        </div>
        <div class="nhsuk-grid-column-one-third">
          <SelectField
            id="visibility"
            label="Visibility"
            value={filters.visibility ?? ''}
            options={[
              { value: '', label: 'Any' },
              { value: 'public', label: 'Public' },
              { value: 'pending', label: 'Awaiting approval' },
              { value: 'hidden', label: 'Hidden' },
            ]}
            onValue={(v) => setFilter('visibility', v)}
          />
        </div>
      </div>
      {queue.error ? <LoadError error={queue.error} /> : null}
      {queue.data ? (
        <>
          <p>
            {queue.data.total} {queue.data.total === 1 ? 'post' : 'posts'}
          </p>
          <QueueTable items={queue.data.items} />
          <Pagination
            page={queue.data.page}
            perPage={queue.data.per_page}
            total={queue.data.total}
            href={(page) => `/feedback/triage${queryString({ ...filters, page })}`}
          />
        </>
      ) : (
        <Loading />
      )}
    </Page>
  );
}

export default function Triage() {
  return (
    <RequireRole>
      <TriagePage />
    </RequireRole>
  );
}
