// Posted confirms a new post and gives the poster their private follow-up
// link, once: the server keeps only its hash and cannot show it again. So the
// link can be copied with one press, or sent to an email address that is used
// for that one message and not kept with the post.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { EmailField, SubmitButton } from '../components/fields';
import { errorsFrom, useSubmit } from '../components/formErrors';
import { emailFollowLink, type CreatedPost } from './api';

export function Posted({ created }: { created: CreatedPost }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [created.id]);
  const path = new URL(created.follow_url).pathname;
  const link = `${location.origin}${path}`;
  return (
    <>
      <div class="nhsuk-panel" tabIndex={-1} ref={ref} role="status" aria-labelledby="posted-title">
        <h2 class="nhsuk-panel__title" id="posted-title">
          Thank you: we have your post
        </h2>
        <div class="nhsuk-panel__body">
          {created.visibility === 'awaiting_approval' ? (
            <p>The team will check it before it appears here.</p>
          ) : (
            <p>It now shows on this page.</p>
          )}
        </div>
      </div>
      <h2 id="follow-link-title">Your private link</h2>
      <p>
        Keep this link. It is the only way to read the team's replies and answer back. Anyone with it can read your post
        and its replies, so keep it to yourself.
      </p>
      <p class="app-feedback-link">
        <a href={path} data-testid="follow-link">
          {link}
        </a>
      </p>
      <CopyLink link={link} />
      <EmailLink token={created.follow_token} />
    </>
  );
}

/** copyText puts text on the clipboard, falling back to a hidden text box and the copy command. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // blocked: try the fallback
  }
  const box = document.createElement('textarea');
  box.value = text;
  box.setAttribute('readonly', '');
  box.style.position = 'fixed';
  box.style.opacity = '0';
  document.body.appendChild(box);
  box.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  box.remove();
  return ok;
}

function CopyLink({ link }: { link: string }) {
  const [said, setSaid] = useState('');
  async function copy() {
    setSaid('');
    setSaid((await copyText(link)) ? 'Copied' : 'Could not copy the link. Select it and copy it yourself.');
  }
  return (
    <div class="app-copy-link">
      <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick={copy}>
        Copy link
      </button>
      <p class="app-copy-link__status" role="status" aria-live="polite">
        {said}
      </p>
    </div>
  );
}

function EmailLink({ token }: { token: string }) {
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState('');
  const form = useSubmit();

  async function send(e: Event) {
    e.preventDefault();
    if (email.trim() === '') return form.setErrors([{ field: 'follow-email', message: 'Enter your email address' }]);
    await form.run(
      async () => {
        await emailFollowLink(token, email.trim());
        setSentTo(email.trim());
        setEmail('');
      },
      // The API names the field "email"; on this page its box is "follow-email".
      (err) => form.setErrors(errorsFrom(err).map((x) => (x.field === 'email' ? { ...x, field: 'follow-email' } : x))),
    );
  }

  return (
    <form onSubmit={send} noValidate aria-labelledby="email-link-title">
      <h3 id="email-link-title">Email me this link</h3>
      <ErrorSummary errors={form.errors} />
      <EmailField
        id="follow-email"
        label="Your email address"
        hint="We use it once, to send you the link. We do not keep it with your post."
        value={email}
        error={form.fieldError('follow-email')}
        onValue={setEmail}
      />
      <SubmitButton busy={form.busy} secondary>
        Send me the link
      </SubmitButton>
      <p role="status" aria-live="polite">
        {sentTo && `We have sent the link to ${sentTo}. If it does not arrive, check your junk folder.`}
      </p>
    </form>
  );
}
