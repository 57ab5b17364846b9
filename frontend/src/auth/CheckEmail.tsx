import { Page } from '../components/Page';

/** CheckEmail follows a sign-in request. It never says whether the address
 * has an account: it reads the same for every address. */
export default function CheckEmail() {
  return (
    <Page title="Check your email">
      <p>If that email address can use Confer, we have sent it a link to sign in.</p>
      <p>The link works once and expires soon. Open it on this device.</p>
      <div class="nhsuk-inset-text">
        <span class="nhsuk-u-visually-hidden">Information: </span>
        <p>Not received it after a few minutes? Check your junk or spam folder.</p>
      </div>
      <p>
        <a href="/signin">Send another sign-in link</a>
      </p>
    </Page>
  );
}
