// CellPanel is one organisation and staff group in detail: the funnel in
// numbers, the gaps it has, and — for the people who write campaigns — the
// second of the two clicks that start a campaign draft addressed to exactly
// this group.
import { useLocation } from 'preact-iso';
import { useSession } from '../auth/session';
import { useSubmit } from '../components/formErrors';
import { reachGap, shownField, splitStages, splitWords, stageLabels, stages, type CoverageCell, type CoverageGap } from './api';

interface Props {
  cell: CoverageCell;
  gaps: CoverageGap[];
  category: string;
}

export function CellPanel({ cell, gaps, category }: Props) {
  const { me } = useSession();
  const { route } = useLocation();
  const form = useSubmit();
  const error = form.errors[0]?.message;
  const canReach = me?.role === 'admin' || me?.role === 'comms';
  const first = gaps[0];

  async function startDraft() {
    form.clear();
    await form.run(async () => {
      const out = await reachGap({
        organisation_id: cell.organisation_id,
        staff_group: cell.staff_group,
        stage: first?.stage ?? '',
        category: first?.category ?? category,
      });
      route(`/coverage/drafts/${out.campaign_id}`);
    });
  }

  return (
    <section class="app-cell-panel" aria-labelledby="cell-heading" id="cell">
      <h2 id="cell-heading" tabIndex={-1}>
        {cell.organisation_name}: {cell.staff_group}
      </h2>
      <dl class="nhsuk-summary-list">
        <div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">Headcount</dt>
          <dd class="nhsuk-summary-list__value">{shownField(cell, 'headcount', cell.headcount)}</dd>
        </div>
        {stages.map((s) => (
          <div class="nhsuk-summary-list__row" key={s}>
            <dt class="nhsuk-summary-list__key">{stageLabels[s]}</dt>
            <dd class="nhsuk-summary-list__value">
              {shownField(cell, s, cell[s])}
              {cell.percent[s] !== null && ` (${cell.percent[s]}% of headcount)`}
              {(splitStages as readonly string[]).includes(s) && `: ${splitWords(cell, s)}`}
            </dd>
          </div>
        ))}
      </dl>
      <p class="nhsuk-body-s">
        Verified means the person’s email is on the contact list in this group; anyone else (anonymous, a workshop
        participant, a group only stated) is self-declared. Targets on contributions count verified people only.
      </p>
      {gaps.length > 0 ? (
        <>
          <h3>Below target</h3>
          <ul class="nhsuk-list nhsuk-list--bullet">
            {gaps.map((g) => (
              <li key={g.target_id}>{g.text}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>This group meets every target.</p>
      )}
      {canReach && (
        <>
          {error && (
            <p class="nhsuk-error-message" role="alert">
              <span class="nhsuk-u-visually-hidden">Error: </span>
              {error}
            </p>
          )}
          <button class="nhsuk-button" type="button" onClick={startDraft} disabled={form.busy}>
            Start a campaign draft for {cell.staff_group} staff at {cell.organisation_name}
          </button>
        </>
      )}
    </section>
  );
}
