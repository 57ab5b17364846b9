// RequireRole shows its page only to signed-in people with one of the given
// roles. Everyone else gets a page saying why, instead of a broken screen.
// The server enforces the same rules; this only keeps the interface honest.
import type { ComponentChildren } from 'preact';
import type { Role } from '../api';
import { useSession } from '../auth/session';
import { Page } from './Page';
import { Loading } from './Status';

interface Props {
  roles?: readonly Role[];
  children: ComponentChildren;
}

export function RequireRole({ roles, children }: Props) {
  const { me } = useSession();
  if (me === undefined) return <Loading />;
  if (me === null) {
    return (
      <Page title="You need to sign in">
        <p>You need to sign in to Confer to see this page.</p>
        <p>
          <a href="/signin">Sign in</a>
        </p>
      </Page>
    );
  }
  if (roles && !roles.includes(me.role)) {
    return (
      <Page title="You do not have access to this page">
        <p>Your role does not include this part of Confer. Ask an administrator if you think it should.</p>
        <p>
          <a href="/">Go to the home page</a>
        </p>
      </Page>
    );
  }
  return <>{children}</>;
}
