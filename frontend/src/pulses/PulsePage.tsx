// PulsePage is one readiness pulse for the team: whether it is open, who has
// answered, sending it to a group through a campaign (which then needs approval
// like any campaign), its open link, the results with small counts withheld, and
// the trend of "feel ready" across pulses for a group.
import '../styles/admin.scss';
import './pulses.scss';
import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';

import { access } from '../areas';
import { useSession } from '../auth/session';
import { AudienceFields } from '../campaigns/AudienceFields';
import { statusLabels, type Audience } from '../campaigns/api';
import { ErrorSummary } from '../components/ErrorSummary';
import { SubmitButton } from '../components/fields';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { RequireRole } from '../components/RequireRole';
import { LoadError, Loading } from '../components/Status';
import { SuccessBanner } from '../components/SuccessBanner';
import { useResource } from '../components/useResource';
import { listOrganisations, type Organisation } from '../organisations/api';
import { api } from '../api';
import { getPulse, newOpenLink, sendPulse, type Pulse, type Sent } from './api';
import { justMade } from './NewPulse';
import { PulseResults } from './Results';
import { TrendPanel } from './Trend';
import { plural, stateLabels, stateTags, when } from './words';

function Summary({ p }: { p: Pulse }) {
  const rows: [string, preact.ComponentChildren][] = [
    ['Status', <strong class={`nhsuk-tag ${stateTags[p.state]}`}>{stateLabels[p.state]}</strong>],
    ['Opens', when(p.opens_at)],
    ['Closes', when(p.closes_at)],
    ['Answered through personal links', plural(p.answered.personal, 'person', 'people')],
    ['Answered through the open link', p.has_open_link ? plural(p.answered.open, 'person', 'people') : 'No open link'],
    ['Questions', p.questions.length],
  ];
  return (
    <dl class="nhsuk-summary-list">
      {rows.map(([k, v]) => (
        <div class="nhsuk-summary-list__row" key={k}>
          <dt class="nhsuk-summary-list__key">{k}</dt>
          <dd class="nhsuk-summary-list__value">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Campaigns({ p }: { p: Pulse }) {
  if (p.campaigns.length === 0) return <p>It has not been sent to anyone yet.</p>;
  return (
    <ul class="nhsuk-list nhsuk-list--bullet">
      {p.campaigns.map((c) => (
        <li key={c.id}>
          <a href={`/campaigns/${c.id}`}>{c.name}</a>: {statusLabels[c.status as keyof typeof statusLabels] ?? c.status}
        </li>
      ))}
    </ul>
  );
}

function SendForm({ p, organisations, groups, onSent }: { p: Pulse; organisations: Organisation[]; groups: string[]; onSent(): void }) {
  const [audience, setAudience] = useState<Audience>({ organisation_ids: [], staff_groups: [], job_roles: [] });
  const [sent, setSent] = useState<Sent | null>(null);
  const form = useSubmit();
  const submit = (e: Event) => {
    e.preventDefault();
    void form.run(async () => {
      setSent(await sendPulse(p.id, audience));
      onSent();
    });
  };
  return (
    <>
      {sent && (
        <SuccessBanner heading="Email made">
          <p>{sent.message}</p>
          <p>
            <a href={`/campaigns/${sent.campaign_id}`}>Go to the email</a>
          </p>
        </SuccessBanner>
      )}
      <ErrorSummary errors={form.errors} />
      <form noValidate onSubmit={submit}>
        <p>Confer writes an email with each person's own link, closing at {when(p.closes_at)}. Like any campaign, it must be approved before it is sent.</p>
        <AudienceFields audience={audience} kind="newsletter" organisations={organisations} staffGroups={groups} onChange={setAudience} error={form.fieldError} />
        <SubmitButton busy={form.busy}>Send to this group</SubmitButton>
      </form>
    </>
  );
}

function OpenLink({ p }: { p: Pulse }) {
  const [url, setUrl] = useState(justMade.id === p.id ? justMade.url : undefined);
  const [copied, setCopied] = useState(false);
  const form = useSubmit();
  const remake = () => {
    if (p.has_open_link && !window.confirm('Make a new open link? The current one will stop working.')) return;
    void form.run(async () => {
      setUrl((await newOpenLink(p.id)).open_link_url);
      setCopied(false);
    });
  };
  return (
    <>
      <ErrorSummary errors={form.errors} />
      {url ? (
        <div class="nhsuk-inset-text">
          <p>Copy this link now. It is shown only once: Confer keeps only a fingerprint of it.</p>
          <p class="app-pulse-link">
            <a href={url} data-testid="open-link">
              {url}
            </a>
          </p>
          <button type="button" class="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}>
            Copy link
          </button>
          <p role="status" class="nhsuk-body-s">
            {copied ? 'Link copied.' : ''}
          </p>
        </div>
      ) : (
        <p>{p.has_open_link ? 'This pulse has an open link. It was shown when it was made.' : 'This pulse has no open link.'}</p>
      )}
      <button type="button" class="nhsuk-button nhsuk-button--secondary" disabled={form.busy} onClick={remake}>
        {p.has_open_link || url ? 'Make a new open link' : 'Make an open link'}
      </button>
    </>
  );
}

function PulseView({ id }: { id: string }) {
  const pulse = useResource(() => getPulse(id), [id]);
  const orgs = useResource(listOrganisations, []);
  const groups = useResource(() => api.get<string[]>('/staff-groups'), []);
  const { me } = useSession();
  const comms = !!me && (access.campaigns as readonly string[]).includes(me.role);
  if (pulse.error) return <Page title="Readiness pulse" back={{ href: '/pulses', label: 'Back to pulses' }}><LoadError error={pulse.error} /></Page>;
  if (!pulse.data || !orgs.data || !groups.data) return <Loading />;
  const p = pulse.data;
  return (
    <Page title={p.title} caption="Readiness pulse" back={{ href: '/pulses', label: 'Back to pulses' }} wide>
      <div class="nhsuk-grid-row">
        <div class="nhsuk-grid-column-two-thirds">
          <Summary p={p} />
          <h2>Emails</h2>
          <Campaigns p={p} />
          {comms && p.state !== 'closed' && (
            <>
              <h2>Send to a group</h2>
              <SendForm p={p} organisations={orgs.data} groups={groups.data} onSent={pulse.reload} />
            </>
          )}
          {comms && (
            <>
              <h2>Open link</h2>
              <OpenLink p={p} />
            </>
          )}
        </div>
      </div>
      <h2>Results</h2>
      <PulseResults id={p.id} />
      <h2>Feeling ready over time</h2>
      <TrendPanel organisations={orgs.data} groups={groups.data} />
    </Page>
  );
}

export default function PulsePage() {
  const { params } = useRoute();
  return (
    <RequireRole roles={access.pulses}>
      <PulseView id={params.id ?? ''} />
    </RequireRole>
  );
}


