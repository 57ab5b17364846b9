// Approval shows which organisations must sign a campaign off and what each
// approver decided, and lets an eligible approver approve or return it.
import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { useSubmit } from '../components/formErrors';
import { Time } from '../components/Time';
import type { Me } from '../api';
import type { Organisation } from '../organisations/api';
import { campaignAction, type Campaign } from './api';

export function ApprovalStatus({ c, organisations }: { c: Campaign; organisations: Organisation[] }) {
  const name = (id: number | null) => (id ? (organisations.find((o) => o.id === id)?.name ?? `Organisation ${id}`) : 'Contacts with no organisation (an admin approves)');
  const { required, decisions } = c.approval;
  const editors = c.edits.filter((e) => e.version <= c.version);
  return (
    <section aria-labelledby="approval-heading">
      <h2 id="approval-heading">Approval</h2>
      {required.length === 0 ? (
        <p>The audience reaches nobody yet, so nobody needs to approve it.</p>
      ) : (
        <ul class="nhsuk-list">
          {required.map((r) => (
            <li key={String(r.organisation_id)}>
              {name(r.organisation_id)}:{' '}
              <strong class={`nhsuk-tag ${r.covered ? 'nhsuk-tag--green' : 'nhsuk-tag--grey'}`}>{r.covered ? 'Approved' : 'Not yet approved'}</strong>
            </li>
          ))}
        </ul>
      )}
      {editors.length > 0 && (
        <>
          <h3>Versions</h3>
          <p class="nhsuk-body-s">Nobody who made a version may approve it.</p>
          <ul class="nhsuk-list nhsuk-list--border">
            {editors.map((e) => (
              <li key={e.version}>
                Version {e.version}
                {e.version === c.version && ' (this one)'}: {e.version === 1 ? 'written' : 'changed'} by <strong>{e.editor_name}</strong> on{' '}
                <Time value={e.created_at} />
              </li>
            ))}
          </ul>
        </>
      )}
      {decisions.length > 0 && (
        <>
          <h3>Decisions</h3>
          <ul class="nhsuk-list nhsuk-list--border">
            {decisions.map((d, i) => (
              <li key={i}>
                <strong>{d.approver_name}</strong> {d.decision === 'approved' ? 'approved' : 'returned'} it
                {d.organisation_id ? ` for ${name(d.organisation_id)}` : ' for every organisation'} on <Time value={d.created_at} />
                {d.withdrawn && ' (withdrawn: the campaign changed after this)'}
                {d.comment && <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">“{d.comment}”</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function DecideForm({ c, me, onDone }: { c: Campaign; me: Me | null; onDone(c: Campaign): void }) {
  const [comment, setComment] = useState('');
  const form = useSubmit();
  async function decide(action: 'approve' | 'return') {
    if (action === 'return' && !comment.trim()) {
      return form.setErrors([{ field: 'comment', message: 'Say what needs to change before returning it' }]);
    }
    await form.run(async () => {
      onDone(await campaignAction(c.id, action, { comment }));
    });
  }
  const err = form.fieldError('comment');
  return (
    <section aria-labelledby="decide-heading">
      <h2 id="decide-heading">Your decision</h2>
      <ErrorSummary errors={form.errors} />
      <p>
        {me?.role === 'admin'
          ? 'Read the preview above. As an admin, your approval covers every organisation the campaign reaches.'
          : `Read the preview above. Your approval covers ${me?.organisation?.name ?? 'your organisation'}${
              c.approval.required.length > 1 ? ' only: each organisation it reaches must approve it, or an admin' : ''
            }.`}
      </p>
      <div class={`nhsuk-form-group${err ? ' nhsuk-form-group--error' : ''}`}>
        <label class="nhsuk-label" for="comment">
          Comment (needed to return it)
        </label>
        {err && (
          <span class="nhsuk-error-message" id="comment-error">
            <span class="nhsuk-u-visually-hidden">Error: </span>
            {err}
          </span>
        )}
        <textarea class={`nhsuk-textarea${err ? ' nhsuk-textarea--error' : ''}`} id="comment" rows={3} value={comment} aria-describedby={err ? 'comment-error' : undefined} onInput={(e) => setComment(e.currentTarget.value)} />
      </div>
      <div class="app-button-group">
        <button class="nhsuk-button" type="button" disabled={form.busy} onClick={() => decide('approve')}>
          Approve
        </button>
        <button class="nhsuk-button nhsuk-button--secondary" type="button" disabled={form.busy} onClick={() => decide('return')}>
          Return with comment
        </button>
      </div>
    </section>
  );
}
