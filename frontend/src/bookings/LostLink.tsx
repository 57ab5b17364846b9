// LostLink is "Lost your link?": someone enters the email address they booked
// with and we email new private links to their bookings. The answer is the same
// whether or not the address has any, so the page says nothing about it.
import './bookings.scss';
import { useEffect, useState } from 'preact/hooks';
import { ErrorSummary } from '../components/ErrorSummary';
import { EmailField, SubmitButton } from '../components/fields';
import { emailProblem, useSubmit } from '../components/formErrors';
import { Page } from '../components/Page';
import { askForLinks } from './api';

export default function LostLink() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState('');
  const form = useSubmit();
  useEffect(() => {
    if (sent) document.querySelector<HTMLElement>('#maincontent h1')?.focus({ preventScroll: true });
  }, [sent]);

  async function submit(e: Event) {
    e.preventDefault();
    const v = email.trim();
    const problem = emailProblem(v, 'Enter the email address you booked with');
    if (problem) return form.setErrors([{ field: 'email', message: problem }]);
    await form.run(async () => {
      setSent((await askForLinks(v)).message);
    });
  }

  if (sent)
    return (
      <Page title="Check your email">
        <p>{sent}</p>
        <p>The links we sent you before still work.</p>
        <p>
          <a href="/book">See all sessions</a>
        </p>
      </Page>
    );
  return (
    <Page title="Get your booking links" back={{ href: '/book', label: 'All sessions' }}>
      <p>If you cannot find the email with your private link, we can send you a new link to each of your upcoming bookings.</p>
      <form onSubmit={submit} noValidate>
        <ErrorSummary errors={form.errors} />
        <EmailField
          id="email"
          label="Email address you booked with"
          value={email}
          onValue={setEmail}
          error={form.fieldError('email')}
        />
        <SubmitButton busy={form.busy}>
          Send me my links
        </SubmitButton>
      </form>
    </Page>
  );
}
