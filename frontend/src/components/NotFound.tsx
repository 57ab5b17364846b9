import { Page } from './Page';

/** NotFound is shown for any address no route matches. */
export function NotFound() {
  return (
    <Page title="Page not found">
      <p>If you typed the web address, check it is correct.</p>
      <p>If you pasted the web address, check you copied the entire address.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </Page>
  );
}
