// Header is the NHS design system header: the NHS logo with the programme's
// name (and its ICS) from the site settings, the account area (who is signed
// in, their API tokens, sign out) and the navigation: the public pages for a
// visitor, the areas of their role for the programme team.
import { useLocation } from 'preact-iso';
import { api } from '../api';
import { areasFor, publicAreas } from '../areas';
import { useSession } from '../auth/session';
import { Navigation } from './Navigation';
import { useSite } from './site';

function NhsLogo() {
  return (
    <svg class="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS">
      <title>NHS</title>
      <path fill="currentcolor" d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z" />
    </svg>
  );
}

function UserIcon() {
  return (
    <svg class="nhsuk-icon nhsuk-icon--user" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">
      <path d="M12 1a11 11 0 1 1 0 22 11 11 0 0 1 0-22Zm0 2a9 9 0 0 0-5 16.5V18a4 4 0 0 1 4-4h2a4 4 0 0 1 4 4v1.5A9 9 0 0 0 12 3Zm0 3a3.5 3.5 0 1 1-3.5 3.5A3.4 3.4 0 0 1 12 6Z" />
    </svg>
  );
}

/** Account is the signed-in person's own menu: their name, their API tokens
 * (a person's keys, whatever their role), where they are signed in, and sign out. */
function Account() {
  const { me, setMe } = useSession();
  const { route } = useLocation();
  if (!me) return null;

  async function signOut(e: Event) {
    e.preventDefault();
    try {
      await api.post('/auth/signout');
    } finally {
      setMe(null);
      route('/');
    }
  }

  return (
    <nav class="nhsuk-header__account" aria-label="Your account">
      <ul class="nhsuk-header__account-list">
        <li class="nhsuk-header__account-item">
          <UserIcon />
          {me.name || me.email}
        </li>
        <li class="nhsuk-header__account-item">
          <a class="nhsuk-header__account-link" href="/tokens">
            API tokens
          </a>
        </li>
        <li class="nhsuk-header__account-item">
          <a class="nhsuk-header__account-link" href="/account/sessions">
            Your devices
          </a>
        </li>
        <li class="nhsuk-header__account-item">
          <form class="nhsuk-header__account-form" method="post" action="/api/v1/auth/signout" onSubmit={signOut} noValidate>
            <button class="nhsuk-header__account-button" type="submit">Sign out</button>
          </form>
        </li>
      </ul>
    </nav>
  );
}

export function Header() {
  const { me } = useSession();
  const site = useSite();
  // While the session loads, the public menu holds the row: most visitors are signed out.
  const links = me ? [{ href: '/', label: 'Home' }, ...areasFor(me.role).filter((a) => a.menu !== false)] : publicAreas;
  return (
    <header class="nhsuk-header" role="banner">
      <div class="nhsuk-header__container nhsuk-width-container">
        <div class="nhsuk-header__service">
          <a class="nhsuk-header__service-logo" href="/">
            <NhsLogo />
            {/* The name waits for the settings; its two lines are held open meanwhile (no shift). */}
            <span class="nhsuk-header__service-name app-header__name">
              <span>{site?.programme ?? ''}</span>
              {site?.ics && <span class="app-header__ics">{site.ics}</span>}
              <span class="nhsuk-u-visually-hidden"> homepage</span>
            </span>
          </a>
        </div>
        <Account />
      </div>
      <Navigation links={links} />
    </header>
  );
}
