// StatsTable shows what SendGrid's events reported: overall and per organisation.
// With no email service (the outbox) only what Confer itself knows is shown.
import type { Organisation } from '../organisations/api';
import type { Stats } from './api';
import { DataTable } from '../components/DataTable';

const columns: [keyof Stats, string][] = [
  ['recipients', 'Recipients'],
  ['sent', 'Sent'],
  ['delivered', 'Delivered'],
  ['deferred', 'Delayed'],
  ['opened', 'Opened'],
  ['machine_opens', 'Opened by a privacy proxy'],
  ['clicked', 'Clicked'],
  ['bounced', 'Bounced'],
  ['blocked', 'Blocked for now'],
  ['dropped', 'Dropped by SendGrid'],
  ['unsubscribed', 'Unsubscribed'],
  ['spam_reported', 'Reported as spam'],
  ['failed', 'Failed'],
  ['unsettled', 'Unconfirmed'],
];

/** outboxColumns are the figures that mean something when emails go to the outbox: no events come back. */
const outboxColumns = new Set<keyof Stats>(['recipients', 'sent', 'failed', 'unsettled']);

interface Line {
  label: string;
  stats: Stats;
  total?: boolean;
}

export function StatsTable({ overall, byOrg, organisations, outbox }: { overall: Stats; byOrg: Stats[]; organisations: Organisation[]; outbox: boolean }) {
  const shown = outbox ? columns.filter(([k]) => outboxColumns.has(k)) : columns;
  const name = (id: number | null | undefined) => (id ? (organisations.find((o) => o.id === id)?.name ?? `Organisation ${id}`) : 'No organisation');
  const lines: Line[] = [...byOrg.map((s) => ({ label: name(s.organisation_id), stats: s })), { label: 'All organisations', stats: overall, total: true }];
  return (
    <DataTable
      caption="Results by organisation"
      captionSize="plain"
      testId="campaign-stats"
      scroll="Results by organisation (scrolls sideways)"
      rows={lines}
      rowKey={(l) => l.label}
      columns={[
        { header: 'Organisation', rowHeader: true, cell: (l) => (l.total ? <strong>{l.label}</strong> : l.label) },
        ...shown.map(([k, label]) => ({ header: label, numeric: true, cell: (l: Line) => Number(l.stats[k] ?? 0).toLocaleString('en-GB') })),
      ]}
    />
  );
}
