// subjectErase.tsx erases everything found about a person: a reason, a
// warning that it cannot be undone, then a confirmation step. A team member
// with a role is refused with the reason the API gives.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextArea } from '../components/choices';
import { SubmitButton } from '../components/fields';
import { useSubmit } from '../components/formErrors';
import { eraseSubject, records, type EraseResult, type Findings, type SubjectQuery } from './subjectApi';

interface Props {
  query: SubjectQuery;
  findings: Findings;
  who: string;
  onErased(result: EraseResult): void;
}

function Warning({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="nhsuk-warning-callout">
      <h3 class="nhsuk-warning-callout__label">
        <span class="nhsuk-u-visually-hidden">Important: </span>
        {title}
      </h3>
      {children}
    </div>
  );
}

export function SubjectErase({ query, findings, who, onErased }: Props) {
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const form = useSubmit();
  const confirmRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (findings.blocker) {
    return (
      <section aria-labelledby="erase-heading">
        <h2 id="erase-heading">Erase their data</h2>
        <Warning title="You cannot erase a team member">
          <p data-testid="erase-blocker">{findings.blocker}</p>
        </Warning>
      </section>
    );
  }

  function ask(e: Event) {
    e.preventDefault();
    if (!reason.trim()) return form.setErrors([{ field: 'reason', message: 'Enter the reason for erasing' }]);
    form.clear();
    setConfirming(true);
  }

  async function erase(e: Event) {
    e.preventDefault();
    let result: EraseResult | undefined;
    const ok = await form.run(async () => {
      result = await eraseSubject(query, reason.trim());
    });
    if (ok && result) onErased(result);
    else setConfirming(false);
  }

  return (
    <section aria-labelledby="erase-heading">
      <h2 id="erase-heading">Erase their data</h2>
      <Warning title="Erasing cannot be undone">
        <p>
          Confer deletes their contact details, sign-ins and emails, and removes their name, email address and what they wrote from
          everything else. Bookings, posts, workshop questions and campaign results stay as anonymous records, so past coverage and
          the evidence pack do not change.
        </p>
        {findings.warnings.map((w) => (
          <p key={w} data-testid="erase-warning">
            {w}
          </p>
        ))}
        <p>Download everything first if they asked for a copy.</p>
      </Warning>
      {!confirming ? (
        <form onSubmit={ask} noValidate>
          <ErrorSummary errors={form.errors} />
          <TextArea
            id="reason"
            label="Reason for erasing"
            hint="For example, the date and reference of their request. Do not include their email address: the audit trail keeps the reason."
            rows={3}
            value={reason}
            onValue={setReason}
            error={form.fieldError('reason')}
          />
          <SubmitButton busy={form.busy} secondary>
            Erase
          </SubmitButton>
        </form>
      ) : (
        <form onSubmit={erase} noValidate data-testid="erase-confirm">
          <ErrorSummary errors={form.errors} />
          <h3 tabIndex={-1} ref={confirmRef}>
            Are you sure you want to erase {records(findings.total)} about <span class="app-subject-who">{who}</span>?
          </h3>
          <p>This cannot be undone.</p>
          <div class="nhsuk-button-group">
            <button class="nhsuk-button nhsuk-button--warning" type="submit" disabled={form.busy}>
              Yes, erase everything
            </button>
            <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
