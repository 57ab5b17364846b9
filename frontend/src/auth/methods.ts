// methods.ts reads how people may sign in (GET /api/v1/auth/methods): single
// sign-on with its button words, and whether emailed links are on.
import { api } from '../api';

export interface SignInMethods {
  /** email_links is false when the site allows single sign-on only. */
  email_links: boolean;
  sso: { label: string; start_url: string; auto_redirect: boolean } | null;
}

let loading: Promise<SignInMethods> | undefined;

/** loadMethods asks once per page load; if it cannot, the email form still shows. */
export function loadMethods(): Promise<SignInMethods> {
  loading ??= api.get<SignInMethods>('/auth/methods').catch(() => ({ email_links: true, sso: null }));
  return loading;
}
