// SignIn offers the ways in: "Sign in with <label>" where single sign-on is set
// up, and a one-time link by email unless the site allows single sign-on only.
// The email answer is the same whether or not the address is known, so the page
// cannot be used to find out who has an account. A refused single sign-on comes
// back here as ?error=CODE and is explained at the top; with automatic redirect
// on, the page goes straight to the provider, except after such a refusal (or
// with ?manual), so a refusal never loops.
import { useLocation } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { EmailField, SubmitButton } from '../components/fields';
import { emailProblem, useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { Loading } from '../components/Status';
import { goTo, loadMethods, type SignInMethods } from './methods';
import { ssoRefusal } from './ssoRefusal';

function EmailLinkForm({ sso }: { sso: boolean }) {
  const { route } = useLocation();
  const [email, setEmail] = useState('');
  const form = useSubmit();

  async function submit(e: Event) {
    e.preventDefault();
    const problem = emailProblem(email);
    if (problem) return form.setErrors([{ field: 'email', message: problem }]);
    await form.run(async () => {
      await api.post('/auth/signin', { email: email.trim() });
      route('/signin/check-email');
    });
  }

  return (
    <>
      <ErrorSummary errors={form.errors} />
      {sso && <h2 class="nhsuk-heading-m">Or get a sign-in link by email</h2>}
      <p>Enter your work email address and we will make you a link to sign in. You do not need a password.</p>
      <form onSubmit={submit} noValidate>
        <EmailField id="email" label="Email address" value={email} onValue={setEmail} error={form.fieldError('email')} />
        <SubmitButton busy={form.busy} secondary={sso}>
          {sso ? 'Email me a link' : 'Continue'}
        </SubmitButton>
      </form>
    </>
  );
}

/** SSOButton is a link that looks like the start button: the flow needs a full
 * page load (the app's router would keep it in the page), and a link, not a
 * form, because the site's form-action policy rightly stops a form from ending
 * up at the provider. */
function SSOButton({ label, startURL }: { label: string; startURL: string }) {
  function go(e: MouseEvent) {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation(); // past the router, which would show the path as a page of the app
    goTo(startURL);
  }
  return (
    <p>
      <a class="nhsuk-button" href={startURL} id="sso" draggable={false} onClick={go}>
        Sign in with {label}
      </a>
    </p>
  );
}

export default function SignIn() {
  const { query } = useLocation();
  const [methods, setMethods] = useState<SignInMethods>();
  const error = query.error ?? '';
  useEffect(() => {
    void loadMethods().then(setMethods);
  }, []);
  const redirect = !!methods?.sso?.auto_redirect && !error && query.manual === undefined;
  useEffect(() => {
    if (redirect && methods?.sso) goTo(methods.sso.start_url);
  }, [redirect, methods]);

  // One array for the page's life: a new one each render would take focus again.
  const refusalErrors = useMemo(
    () => [{ field: methods?.sso ? 'sso' : undefined, message: error ? ssoRefusal(error, methods?.sso?.label ?? 'single sign-on').happened : '' }],
    [error, methods],
  );
  if (!methods || redirect) return <Page title="Sign in to Confer"><Loading /></Page>;
  const label = methods.sso?.label ?? 'single sign-on';
  const refusal = error ? ssoRefusal(error, label) : null;

  return (
    <Page title={refusal ? 'You are not signed in' : 'Sign in to Confer'}>
      {refusal && (
        <>
          <ErrorSummary title="There is a problem" errors={refusalErrors} />
          <p>{refusal.todo}</p>
        </>
      )}
      <p>Sign-in is for the programme team: facilitators, communications staff and administrators.</p>
      <p>
        You do not need an account to <a href="/book">book a session</a>, <a href="/feedback">have your say</a> or{' '}
        <a href="/join">join a workshop</a>.
      </p>
      {methods.sso && <SSOButton label={methods.sso.label} startURL={methods.sso.start_url} />}
      {methods.email_links && <EmailLinkForm sso={!!methods.sso} />}
    </Page>
  );
}
