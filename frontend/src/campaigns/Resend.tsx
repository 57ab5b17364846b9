// Resend offers to send a campaign again to the people SendGrid never confirmed
// (their batch was in flight when a sender stopped), once. A confirm step says
// plainly what a resend may do: without SendGrid's signed event webhook, Confer
// cannot know whom SendGrid already took, so some people may get it twice.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { useSubmit } from '../components/formErrors';
import { resendUnsettled, type Campaign } from './api';

/** people is "1 person" or "N people". */
export const people = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'person' : 'people'}`;

/** resendLabel is the button's words: "Resend to this person" or "Resend to these 12 people". */
const resendLabel = (n: number) => (n === 1 ? 'Resend to this person' : `Resend to these ${people(n)}`);

const resendable = new Set(['sending', 'paused', 'sent']);

interface Props {
  c: Campaign;
  onChange(c: Campaign): void;
  /** onResent tells the page how many were queued, so it can say so once this panel is gone. */
  onResent(n: number): void;
}

export function Resend({ c, onChange, onResent }: Props) {
  const form = useSubmit();
  const [confirming, setConfirming] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) heading.current?.focus();
    else if (asked.current && form.errors.length === 0) button.current?.focus(); // back from "Cancel" to where the reader was
  }, [confirming]);

  const n = c.stats.resendable;
  if (n === 0 || !resendable.has(c.status)) return null;

  function ask() {
    asked.current = true;
    form.clear();
    setConfirming(true);
  }
  async function resend() {
    const ok = await form.run(async () => {
      const next = await resendUnsettled(c.id);
      onResent(n);
      onChange(next);
    });
    if (!ok) setConfirming(false);
  }

  if (!confirming)
    return (
      <div data-testid="resend">
        <ErrorSummary errors={form.errors} />
        <button ref={button} class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="button" onClick={ask}>
          {resendLabel(n)}
        </button>
      </div>
    );
  return (
    <div data-testid="resend-confirm">
      <h3 class="nhsuk-heading-s app-resend-question" tabIndex={-1} ref={heading}>
        Send this email again to {people(n)}?
      </h3>
      {c.webhook_configured ? (
        <p>Only the people SendGrid never confirmed will get it. Anyone SendGrid confirms before it goes is left out.</p>
      ) : (
        <p>
          <strong>{n === 1 ? 'This person' : 'Some of these people'} may get the email twice.</strong> SendGrid's event webhook is not set up, so Confer cannot know
          who SendGrid already sent it to.
        </p>
      )}
      <p>You can only do this once for each person.</p>
      <div class="nhsuk-button-group nhsuk-u-margin-bottom-0">
        <button class="nhsuk-button" type="button" disabled={form.busy} onClick={resend}>
          Yes, send it again
        </button>
        <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
