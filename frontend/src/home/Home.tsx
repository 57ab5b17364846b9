// Home says who is signed in and links to the areas their role may use.
// Signed out, it is a short public landing page with the way to sign in.
import type { Me } from '../api';
import { areasFor } from '../areas';
import { roleLabels, useSession } from '../auth/session';
import { Page } from '../components/Page';
import { Loading } from '../components/Status';

function Landing() {
  return (
    <Page title="Confer">
      <p class="nhsuk-lede-text">
        Confer helps integrated care systems involve staff, partners and the public: book sessions, gather feedback
        and run polls and campaigns.
      </p>
      <p>Staff with a Confer account can sign in with their work email address.</p>
      <a class="nhsuk-button" href="/signin">
        Sign in
      </a>
    </Page>
  );
}

function SignedIn({ me }: { me: Me }) {
  const org = me.organisation ? me.organisation.name : 'none';
  return (
    <Page title="Confer" wide>
      <p class="nhsuk-body-l" data-testid="signed-in-as">
        Signed in as {me.name || me.email} ({me.email}), role {roleLabels[me.role] ?? me.role}, organisation {org}
      </p>
      <h2>What you can do</h2>
      <ul class="nhsuk-list nhsuk-list--border">
        {areasFor(me.role).map((a) => (
          <li key={a.href}>
            <a href={a.href}>{a.label}</a>
            <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">{a.description}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

export default function Home() {
  const { me } = useSession();
  if (me === undefined) return <Loading />;
  return me ? <SignedIn me={me} /> : <Landing />;
}
