// Publish puts a decision on the public register and tells the people whose
// contributions it links. It asks first, saying who will be told, because a
// publication sends email that cannot be called back.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useSubmit } from '../components/formErrors';
import { ErrorSummary } from '../components/ErrorSummary';
import { publishDecision, type Decision, type PublishResult } from './api';
import { countWords, linkSummary } from './words';

/** toldWords lists who publishing tells, from what the decision links. */
export function toldWords(d: Pick<Decision, 'links'>): string[] {
  const has = (k: string) => (d.links ?? []).some((l) => l.kind === k);
  const out: string[] = [];
  if (has('post') || has('theme'))
    out.push('everyone who left their email with a linked post gets one email, however many of their posts it links');
  if (has('post') || has('theme')) out.push('people who posted anonymously see it on their follow-up page');
  if (has('poll') || has('question')) out.push('workshop participants who left an email get an email');
  if (has('session')) out.push('people booked on a linked session who asked to hear get an email');
  return out;
}

/** notifiedWords says how many people publishing is emailing, when the server says. */
export function notifiedWords(n: PublishResult['notified']): string {
  if (n === undefined || n === null) return '';
  if (n === 0) return 'Nobody left an email address, so no emails were sent.';
  return `An email is on its way to ${countWords(n, 'person', 'people')}.`;
}

export function Publish({ decision, onPublished }: { decision: Decision; onPublished(message: string): void }) {
  const [asking, setAsking] = useState(false);
  const form = useSubmit();
  const told = toldWords(decision);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (asking) heading.current?.focus();
  }, [asking]);
  async function publish(e: Event) {
    e.preventDefault();
    await form.run(async () => {
      const r = await publishDecision(decision.id);
      setAsking(false);
      onPublished(['The decision is on the public register.', notifiedWords(r?.notified)].filter(Boolean).join(' '));
    });
  }
  if (!asking) {
    return (
      <button type="button" class="nhsuk-button" onClick={() => setAsking(true)}>
        Publish this decision
      </button>
    );
  }
  return (
    <form onSubmit={publish} noValidate class="nhsuk-u-margin-bottom-6">
      <ErrorSummary errors={form.errors} />
      <div class="nhsuk-warning-callout" data-testid="publish-confirm">
        <h2 class="nhsuk-warning-callout__label" tabIndex={-1} ref={heading}>
          <span>
            <span class="nhsuk-u-visually-hidden">Important: </span>Publish this decision?
          </span>
        </h2>
        <p>It will appear on the public register and in its RSS and Atom feeds. It links {linkSummary(decision)}.</p>
        {told.length > 0 ? (
          <>
            <p>When you publish:</p>
            <ul>
              {told.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
            <p>Each message links to the public decision. Nobody whose contribution it does not link is told.</p>
          </>
        ) : (
          <p>It links no contributions, so nobody will be told. Link what informed it first if people should hear.</p>
        )}
        <p>After publishing you can still change it: each change is a new version, and the earlier ones are kept.</p>
      </div>
      <div class="nhsuk-button-group">
        <button class="nhsuk-button" type="submit" disabled={form.busy}>
          Publish and tell people
        </button>
        <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
