// SignIn asks for an email address and sends a one-time sign-in link to it.
// The answer is the same whether or not the address is known, so the page
// cannot be used to find out who has an account.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { EmailField, SubmitButton } from '../components/fields';
import { emailProblem, useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';

export default function SignIn() {
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
    <Page title="Sign in to Confer">
      <ErrorSummary errors={form.errors} />
      <p>Sign-in is for the programme team: facilitators, communications staff and administrators.</p>
      <p>
        You do not need an account to <a href="/book">book a session</a>, <a href="/feedback">have your say</a> or{' '}
        <a href="/join">join a workshop</a>.
      </p>
      <p>Enter your work email address and we will make you a link to sign in. You do not need a password.</p>
      <form onSubmit={submit} noValidate>
        <EmailField
          id="email"
          label="Email address"
          value={email}
          onValue={setEmail}
          error={form.fieldError('email')}
        />
        <SubmitButton busy={form.busy}>
          Continue
        </SubmitButton>
      </form>
    </Page>
  );
}
