import { Page } from '../components/Page';
import { useSite } from '../components/site';
import { InsetText } from '../components/InsetText';

/** CheckEmail follows a sign-in request. It never says whether the address
 * has an account: it reads the same for every address. Where no email service
 * is set up, mail waits in the outbox an administrator reads, and the page
 * says so instead of promising an email that will not come. */
export default function CheckEmail() {
  const site = useSite();
  const outbox = site?.mail === 'outbox';
  return (
    <Page title={outbox ? 'Ask an administrator for your sign-in link' : 'Check your email'}>
      {outbox ? (
        <>
          <p>If that email address can use Confer, we have made a link to sign in.</p>
          <p>
            This Confer does not send email yet. Messages wait in its outbox, which an administrator can read. Ask your
            Confer administrator to send you the link from the outbox.
          </p>
        </>
      ) : (
        <p>If that email address can use Confer, we have sent it a link to sign in.</p>
      )}
      <p>The link works once, for 15 minutes. Open it on this device.</p>
      {!outbox && (
        <InsetText>
          <p>Not received it after a few minutes? Check your junk or spam folder.</p>
          <p>
            Still nothing? Your address may not have a Confer account. Accounts are for the programme team: ask your
            Confer administrator to add you.
          </p>
        </InsetText>
      )}
      <p>
        <a href="/signin">Send another sign-in link</a>
      </p>
      <p>
        You do not need an account to <a href="/book">book a session</a>, <a href="/feedback">have your say</a> or{' '}
        <a href="/join">join a workshop</a>.
      </p>
    </Page>
  );
}
