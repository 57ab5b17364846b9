// Verify completes sign-in from an emailed link. It waits for a button press
// rather than signing in on load: NHSmail's link scanners open every link in
// a message, and would otherwise use up the one-time token before the person.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api, ApiError, type Me } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { useSession } from './session';
import { SubmitButton } from '../components/fields';

function LinkProblem({ message }: { message: string }) {
  return (
    <Page title="This sign-in link cannot be used">
      <p>{message}</p>
      <p>Sign-in links work once, for 15 minutes.</p>
      <p>
        <a href="/signin">Get a new sign-in link</a>
      </p>
    </Page>
  );
}

export default function Verify() {
  const { query, route } = useLocation();
  const { setMe } = useSession();
  const token = query.token ?? '';
  const [expired, setExpired] = useState<string | null>(null);
  const form = useSubmit();

  if (!token) return <LinkProblem message="The link is missing part of its address. Check you copied all of it." />;
  if (expired) return <LinkProblem message={expired} />;

  async function submit(e: Event) {
    e.preventDefault();
    await form.run(
      async () => {
        const res = await api.post<{ user: Me }>('/auth/verify', { token });
        setMe(res.user);
        route('/', true);
      },
      (err) => {
        if (!(err instanceof ApiError && (err.status === 400 || err.status === 404 || err.status === 410))) return form.fail(err);
        setExpired(
          err.status === 410
            ? 'It has expired or has already been used.'
            : 'It is not a valid sign-in link, or it has already been used. Check you copied all of it.',
        );
      },
    );
  }

  return (
    <Page title="Sign in to Confer">
      <ErrorSummary errors={form.errors} />
      <p>Select the button to finish signing in.</p>
      <form onSubmit={submit} noValidate>
        <SubmitButton busy={form.busy}>
          Continue to Confer
        </SubmitButton>
      </form>
    </Page>
  );
}
