// Keeps is "What Confer keeps": for each kind of personal data, how long it is
// kept and why, what happens then, how many records are due now and soon, and
// what the daily job last removed. Admins only: the counts say how much
// personal data there is.
import '../styles/admin.scss';
import type { ComponentChildren } from 'preact';
import { access } from '../areas';
import { DataTable } from '../components/DataTable';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { getKeeps, records, type Keeps, type KeepsKind } from './keepsApi';

const count = (n: number | null) => (n === null ? 'Not counted' : records(n));

function LastRemoved({ k }: { k: KeepsKind }) {
  if (!k.last_checked) return <>Not checked yet</>;
  if (!k.last_removed) return <>Nothing removed yet</>;
  return (
    <>
      {records(k.last_removed.count)}, <Time value={k.last_removed.at} dateOnly />
    </>
  );
}

function DueTable({ keeps }: { keeps: Keeps }) {
  return (
    <DataTable
      caption="Personal data due for removal"
      captionSize="m"
      responsive
      scroll={false}
      rows={keeps.kinds}
      rowKey={(k) => k.kind}
      rowAttrs={(k) => ({ 'data-testid': `due-${k.kind}` })}
      columns={[
        { header: 'Kind of data', cell: (k) => <a href={`#kind-${k.kind}`}>{k.label}</a>, rowHeader: true },
        { header: 'Due now', cell: (k) => count(k.due_now) },
        { header: `Due in the next ${keeps.soon_days} days`, cell: (k) => count(k.due_soon) },
        { header: 'Last removed', cell: (k) => <LastRemoved k={k} /> },
      ]}
    />
  );
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">{label}</dt>
      <dd class="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}

function KindCard({ k }: { k: KeepsKind }) {
  return (
    <div class="nhsuk-card" id={`kind-${k.kind}`} data-testid={`kind-${k.kind}`}>
      <div class="nhsuk-card__content">
        <h3 class="nhsuk-card__heading">{k.label}</h3>
        <dl class="nhsuk-summary-list nhsuk-u-margin-bottom-0">
          <Row label="Kept for">{`${k.keep} after ${k.after}`}</Row>
          <Row label="Why we keep it">{k.why}</Row>
          <Row label={`Then it is ${k.action}`}>{k.what}</Row>
          <Row label="Setting">
            <code>{k.setting}</code>
          </Row>
        </dl>
      </div>
    </div>
  );
}

function KeepsView() {
  const keeps = useResource(getKeeps, []);
  const title = 'What Confer keeps';
  if (keeps.error) return <Page title={title}><LoadError error={keeps.error} /></Page>;
  if (!keeps.data) return <Loading />;
  return (
    <Page title={title} caption="Data protection" wide>
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-two-thirds">
          <p>
            Confer keeps each kind of personal data for as long as it needs it, then removes it. A job checks once a
            day.
          </p>
          <p>
            Records that coverage counts are anonymised: names, email addresses and details that identify someone are
            removed, but the organisation, staff group, dates and attendance stay, so past coverage does not change.
            Other records are deleted.
          </p>
          <p>
            To change how long a kind is kept, change its setting and restart Confer. The README explains each
            default.
          </p>
        </div>
      </div>
      <DueTable keeps={keeps.data} />
      <h2>How long each kind is kept</h2>
      {keeps.data.kinds.map((k) => (
        <KindCard k={k} key={k.kind} />
      ))}
    </Page>
  );
}

export default function KeepsPage() {
  return (
    <RequireRole roles={access.admin}>
      <KeepsView />
    </RequireRole>
  );
}
