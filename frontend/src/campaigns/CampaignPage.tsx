// CampaignPage is one campaign from draft to results: what it says and to whom,
// its approvals, the actions its status allows, live progress while it sends
// (polled every second), and SendGrid's figures afterwards: open and click
// rates, clicks per link and results by organisation. The preview shows the
// email as a chosen person of the audience would receive it.
import '../styles/admin.scss';
import './campaigns.scss';
import { useRoute } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useSession } from '../auth/session';
import { Page } from '../components/Page';
import { access } from '../areas';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { Time } from '../components/Time';
import { useResource } from '../components/useResource';
import { listOrganisations, type Organisation } from '../organisations/api';
import { Actions } from './Actions';
import { getCampaign, kindLabels, listRecipients, wentToOutbox, type Campaign } from './api';
import { ApprovalStatus, DecideForm } from './Approval';
import { StatusTag } from './Campaigns';
import { PreviewAs } from './PreviewAs';
import { people, Resend } from './Resend';
import { Progress } from './Progress';
import { Results } from './Results';
import { StatsTable } from './StatsTable';
import { InsetText } from '../components/InsetText';

const live = new Set(['sending', 'paused', 'scheduled']);

function audienceText(c: Campaign, orgs: Organisation[]): string {
  const a = c.audience;
  const parts = [
    a.organisation_ids.length ? a.organisation_ids.map((id) => orgs.find((o) => o.id === id)?.name ?? id).join(', ') : 'Every organisation',
    a.staff_groups.length ? a.staff_groups.join(', ') : 'every staff group',
  ];
  if (a.job_roles.length) parts.push(`job roles: ${a.job_roles.join(', ')}`);
  return parts.join('; ');
}

function Summary({ c, orgs }: { c: Campaign; orgs: Organisation[] }) {
  const row = (k: string, v: preact.ComponentChildren) => (
    <div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">{k}</dt>
      <dd class="nhsuk-summary-list__value">{v}</dd>
    </div>
  );
  return (
    <dl class="nhsuk-summary-list">
      {row('Status', <StatusTag status={c.status} />)}
      {row('Type', kindLabels[c.kind])}
      {row('Subject', c.subject)}
      {row('Audience', audienceText(c, orgs))}
      {row('Recipients', c.recipients.toLocaleString('en-GB'))}
      {c.send_at && row('Scheduled for', <Time value={c.send_at} />)}
      {c.started_at && row('Started', <Time value={c.started_at} />)}
      {c.finished_at && row('Finished', <Time value={c.finished_at} />)}
    </dl>
  );
}

/** Held says why a campaign did not start: its audience grew into an organisation that has not approved it. */
function Held({ c }: { c: Campaign }) {
  if (!c.hold_reason) return null;
  return (
    <div class="nhsuk-warning-callout" data-testid="campaign-held">
      <h2 class="nhsuk-warning-callout__label">
        <span>
          <span class="nhsuk-u-visually-hidden">Important: </span>Not sent
        </span>
      </h2>
      <p>{c.hold_reason}</p>
    </div>
  );
}

/** Dropped lists what SendGrid dropped for reasons on our side; nobody was suppressed for them. */
function Dropped({ c }: { c: Campaign }) {
  if (c.problems.length === 0) return null;
  return (
    <div class="nhsuk-warning-callout" data-testid="campaign-problems">
      <h2 class="nhsuk-warning-callout__label">
        <span>
          <span class="nhsuk-u-visually-hidden">Important: </span>SendGrid dropped some emails
        </span>
      </h2>
      <ul class="nhsuk-list">
        {c.problems.map((p) => (
          <li key={p.reason}>
            <strong>
              {p.reason}: {p.recipients.toLocaleString('en-GB')} {p.recipients === 1 ? 'person' : 'people'}
            </strong>
            <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">{p.advice}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** resentText says whether Confer sent the unconfirmed emails again: u unconfirmed, again of them already resent once. */
function resentText(u: number, again: number): string {
  const them = u === 1 ? 'it' : 'them';
  if (again === 0) return `Confer has not sent ${them} again.`;
  if (again === u) return `Confer has already sent ${them} again once and will not send ${them} again.`;
  return `Confer has already sent it again once to ${again.toLocaleString('en-GB')} of them and will not send it to ${again === 1 ? 'that person' : 'those people'} again.`;
}

/** Problems is what did not go as planned: batches SendGrid refused, and people it never
 * confirmed (a sender stopped while their email was with SendGrid), with who they are and
 * the offer to send it to them again, once. */
function Problems({ c, onChange, onResent }: { c: Campaign; onChange(c: Campaign): void; onResent(n: number): void }) {
  if (c.failed_batches.length === 0 && c.stats.unsettled === 0) return null;
  const u = c.stats.unsettled;
  const again = u - c.stats.resendable; // unsettled again after their one resend
  return (
    <div class="nhsuk-warning-callout" data-testid="campaign-unconfirmed">
      <h2 class="nhsuk-warning-callout__label">
        <span>
          <span class="nhsuk-u-visually-hidden">Important: </span>Not everyone is confirmed
        </span>
      </h2>
      {c.failed_batches.map((b) => (
        <p key={b.id}>
          {b.recipients} {b.recipients === 1 ? 'email was' : 'emails were'} not sent: {b.error}
        </p>
      ))}
      {u > 0 && (
        <p>
          {u.toLocaleString('en-GB')} {u === 1 ? 'email was' : 'emails were'} being sent when a sender stopped, and SendGrid never confirmed{' '}
          {u === 1 ? 'it' : 'them'}. {u === 1 ? 'It' : 'They'} may have arrived.{' '}
          {resentText(u, again)}
        </p>
      )}
      {c.stats.failed > 0 && <Affected id={c.id} state="failed" label="Who did not get it" />}
      {u > 0 && <Affected id={c.id} state="unsettled" label="Who is unconfirmed" />}
      <Resend c={c} onChange={onChange} onResent={onResent} />
    </div>
  );
}

/** Affected names the recipients in one state (up to 100), when the reader asks. */
function Affected({ id, state, label }: { id: number; state: string; label: string }) {
  const [open, setOpen] = useState(false);
  const list = useResource(() => (open ? listRecipients(id, state) : Promise.resolve(undefined)), [id, state, open]);
  return (
    <details class="nhsuk-details" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">{label}</span>
      </summary>
      <div class="nhsuk-details__text">
        {list.data ? (
          <ul class="nhsuk-list">
            {list.data.items.map((r) => (
              <li key={r.id}>
                {r.name ? `${r.name} <${r.email}>` : r.email}
              </li>
            ))}
            {list.data.total > list.data.items.length && <li>and {(list.data.total - list.data.items.length).toLocaleString('en-GB')} more</li>}
          </ul>
        ) : (
          open && <Loading />
        )}
      </div>
    </details>
  );
}

function CampaignView() {
  const { params } = useRoute();
  const { me } = useSession();
  const loaded = useResource(() => getCampaign(params.id), [params.id]);
  const orgs = useResource(listOrganisations, []);
  const [c, setC] = useState<Campaign | undefined>(undefined);
  const [resent, setResent] = useState(0); // how many the reader just sent it to again
  const resentNote = useRef<HTMLParagraphElement>(null);
  useEffect(() => setC(loaded.data), [loaded.data]);
  // The button the reader pressed is gone with the panel: take them to what happened.
  useEffect(() => {
    if (resent > 0) resentNote.current?.focus();
  }, [resent]);

  // Poll every second while the campaign is sending, paused or scheduled.
  useEffect(() => {
    if (!c || !live.has(c.status)) return;
    const t = setInterval(() => getCampaign(c.id).then(setC, () => undefined), 1000);
    return () => clearInterval(t);
  }, [c?.id, c?.status]);

  const back = { href: '/campaigns', label: 'All campaigns' };
  if (loaded.error) return <Page title="Campaign" back={back}><LoadError error={loaded.error} /></Page>;
  if (!c || !orgs.data) return <Loading />;
  const started = c.started_at !== null;
  return (
    <Page title={c.name} caption="Campaign" back={back} wide>
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-two-thirds">
          <Summary c={c} orgs={orgs.data} />
          {c.status === 'returned' && c.return_note && (
            <InsetText>
              <p>Returned with this comment: “{c.return_note}”</p>
            </InsetText>
          )}
          <Held c={c} />
          <Problems c={c} onChange={setC} onResent={setResent} />
          <div role="status">{resent > 0 && <p data-testid="resend-started" tabIndex={-1} ref={resentNote}>{c.status === 'sent' ? `Sent it again to ${people(resent)}.` : `Sending it again to ${people(resent)}. Progress shows how it is going.`}</p>}</div>
          <Dropped c={c} />
          <Actions c={c} me={me ?? null} onChange={setC} />
          {started && <Progress c={c} />}
          {started && <Results c={c} />}
        </div>
      </div>
      {started && <StatsTable overall={c.stats} byOrg={c.stats_by_organisation} organisations={orgs.data} outbox={wentToOutbox(c)} />}
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-two-thirds">
          {c.approval.can_decide ? (
            <section aria-labelledby="preview-heading">
              <h2 id="preview-heading">Preview</h2>
              <PreviewAs c={c} organisations={orgs.data} />
            </section>
          ) : (
            <details class="nhsuk-details">
              <summary class="nhsuk-details__summary">
                <span class="nhsuk-details__summary-text">Preview the email</span>
              </summary>
              <div class="nhsuk-details__text">
                <PreviewAs c={c} organisations={orgs.data} />
              </div>
            </details>
          )}
          {c.approval.can_decide && <DecideForm c={c} me={me ?? null} onDone={setC} />}
          <ApprovalStatus c={c} organisations={orgs.data} />
        </div>
      </div>
    </Page>
  );
}

export default function CampaignPage() {
  return (
    <RequireRole roles={access.campaigns}>
      <CampaignView />
    </RequireRole>
  );
}
