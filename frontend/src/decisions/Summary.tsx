// Summary shows a decision itself, the same for the team and the public: what
// was asked, the options, what was decided and why, who decided and when.
import type { ComponentChildren } from 'preact';
import type { Organisation } from '../organisations/api';
import type { Decision, DecisionStatus } from './api';
import { calendarDay, statusLabels, statusTags } from './words';

export function StatusTag({ status }: { status: DecisionStatus }) {
  return <strong class={`nhsuk-tag ${statusTags[status]}`}>{statusLabels[status]}</strong>;
}

function Row({ label, children, testId }: { label: string; children: ComponentChildren; testId?: string }) {
  return (
    <div class="nhsuk-summary-list__row">
      <dt class="nhsuk-summary-list__key">{label}</dt>
      <dd class="nhsuk-summary-list__value" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** organisationNames names the organisations a decision affects, in the order given. */
export function organisationNames(ids: number[], organisations: Pick<Organisation, 'id' | 'name'>[] | undefined): string[] {
  return ids.map((id) => organisations?.find((o) => o.id === id)?.name ?? `Organisation ${id}`);
}

export function Facts({ decision: d, organisations }: { decision: Decision; organisations?: Organisation[] }) {
  const orgs = organisationNames(d.organisation_ids, organisations);
  return (
    <dl class="nhsuk-summary-list" data-testid="decision-facts">
      <Row label="Status" testId="decision-status">
        <StatusTag status={d.status} />
        {d.status === 'superseded' && d.superseded_by && (
          <>
            {' '}
            by <a href={`/decisions/${d.superseded_by}`}>decision {d.superseded_by}</a>
          </>
        )}
      </Row>
      <Row label="Decided by">{d.decided_by || 'Not recorded'}</Row>
      <Row label="Date decided">{calendarDay(d.decided_on) || 'Not recorded'}</Row>
      <Row label="EPR reference" testId="decision-epr">
        {d.epr_ref || 'None'}
      </Row>
      <Row label="Organisations affected">{orgs.length ? orgs.join(', ') : 'All organisations'}</Row>
      <Row label="Themes">{d.themes.length ? d.themes.join(', ') : 'None'}</Row>
    </dl>
  );
}

export function Body({ decision: d }: { decision: Decision }) {
  return (
    <>
      {d.question && (
        <>
          <h2>The question</h2>
          <p class="app-decision-text">{d.question}</p>
        </>
      )}
      {d.options.length > 0 && (
        <>
          <h2>Options considered</h2>
          <ol class="nhsuk-list nhsuk-list--number">
            {d.options.map((o, i) => (
              <li key={i} class="app-decision-text">
                {o}
              </li>
            ))}
          </ol>
        </>
      )}
      <h2>What was decided</h2>
      <p class="app-decision-text" data-testid="decision-decided">
        {d.decided || 'Not decided yet.'}
      </p>
      {d.rationale && (
        <>
          <h2>Why</h2>
          <p class="app-decision-text">{d.rationale}</p>
        </>
      )}
    </>
  );
}
