// StatsTable shows what SendGrid's events reported: overall and per organisation.
// With no email service (the outbox) only what Confer itself knows is shown.
import type { Organisation } from '../organisations/api';
import type { Stats } from './api';

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

export function StatsTable({ overall, byOrg, organisations, outbox }: { overall: Stats; byOrg: Stats[]; organisations: Organisation[]; outbox: boolean }) {
  const shown = outbox ? columns.filter(([k]) => outboxColumns.has(k)) : columns;
  const name = (id: number | null | undefined) => (id ? (organisations.find((o) => o.id === id)?.name ?? `Organisation ${id}`) : 'No organisation');
  const row = (label: string, s: Stats, header = false) => (
    <tr class="nhsuk-table__row" key={label}>
      <th class="nhsuk-table__header" scope="row">
        {header ? <strong>{label}</strong> : label}
      </th>
      {shown.map(([k]) => (
        <td class="nhsuk-table__cell nhsuk-table__cell--numeric" key={k}>
          {Number(s[k] ?? 0).toLocaleString('en-GB')}
        </td>
      ))}
    </tr>
  );
  return (
    // The table can be wider than a screen: its scrolling box takes focus, so keyboard users can scroll it.
    <div class="app-table-scroll" tabIndex={0} role="region" aria-label="Results by organisation (scrolls sideways)">
      <table class="nhsuk-table" data-testid="campaign-stats">
        <caption class="nhsuk-table__caption">Results by organisation</caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">
              Organisation
            </th>
            {shown.map(([k, label]) => (
              <th class="nhsuk-table__header nhsuk-table__header--numeric" scope="col" key={k}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          {byOrg.map((s) => row(name(s.organisation_id), s))}
          {row('All organisations', overall, true)}
        </tbody>
      </table>
    </div>
  );
}
