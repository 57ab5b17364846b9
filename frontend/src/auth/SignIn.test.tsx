import { cleanup, render, screen } from '@testing-library/preact';
import { LocationProvider } from 'preact-iso';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const goTo = vi.fn();
vi.mock('./methods', async (real) => ({ ...(await real<typeof import('./methods')>()), goTo: (u: string) => goTo(u) }));

const methods = (autoRedirect: boolean, emailLinks = true) => ({
  email_links: emailLinks,
  sso: { label: 'NHSmail', start_url: '/auth/oidc/start', auto_redirect: autoRedirect },
});

async function show(path: string, answer: object) {
  vi.resetModules();
  goTo.mockClear();
  globalThis.fetch = vi.fn(async () => new Response(JSON.stringify(answer), { status: 200 })) as typeof fetch;
  window.history.replaceState(null, '', path);
  const { default: SignIn } = await import('./SignIn');
  render(
    <LocationProvider>
      <SignIn />
    </LocationProvider>,
  );
}

beforeEach(() => goTo.mockClear());
afterEach(cleanup);

describe('SignIn with single sign-on', () => {
  it('offers the provider and the emailed link', async () => {
    await show('/signin', methods(false));
    expect((await screen.findByRole('link', { name: 'Sign in with NHSmail' })).getAttribute('href')).toBe('/auth/oidc/start');
    expect(screen.getByLabelText('Email address')).toBeTruthy();
    expect(goTo).not.toHaveBeenCalled();
  });

  it('hides the email form when only single sign-on is allowed', async () => {
    await show('/signin', methods(false, false));
    await screen.findByRole('link', { name: 'Sign in with NHSmail' });
    expect(screen.queryByLabelText('Email address')).toBeNull();
  });

  it('goes straight to the provider with automatic redirect', async () => {
    await show('/signin', methods(true));
    await vi.waitFor(() => expect(goTo).toHaveBeenCalledWith('/auth/oidc/start'));
  });

  it('does not loop: after a refusal it explains instead of redirecting', async () => {
    await show('/signin?error=uninvited', methods(true));
    await screen.findByText('Your NHSmail account does not have a Confer account.');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('You are not signed in');
    expect(goTo).not.toHaveBeenCalled();
  });

  it('stays on the page with ?manual', async () => {
    await show('/signin?manual', methods(true));
    await screen.findByRole('link', { name: 'Sign in with NHSmail' });
    expect(goTo).not.toHaveBeenCalled();
  });
});
