// methods.ts reads how people may sign in (GET /api/v1/auth/methods): single
// sign-on with its button words, and whether emailed links are on.
import { api } from '../api';

export interface SignInMethods {
  /** email_links is false when the site allows single sign-on only. */
  email_links: boolean;
  sso: { label: string; start_url: string; auto_redirect: boolean } | null;
}

/** loadMethods asks the server (each time: settings change with a restart, and a
 * page asks once); if it cannot, the email form still shows. */
export function loadMethods(): Promise<SignInMethods> {
  return api.get<SignInMethods>('/auth/methods').catch(() => ({ email_links: true, sso: null }));
}

/** goTo leaves the app for a full page load (the provider's sign-in). */
export function goTo(url: string): void {
  window.location.assign(url);
}
