// site.ts reads the site settings once (GET /api/v1/site) and shares them: the
// programme and ICS names for the header and the home page, and where mail
// goes, so the sign-in page can say where a link really ends up.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';

export interface Site {
  programme: string;
  ics: string;
  /** mail is "outbox" when no SendGrid key is set: mail waits for an admin to read it. */
  mail: 'outbox' | 'sendgrid';
}

let cached: Site | undefined;
let loading: Promise<Site | undefined> | undefined;

/** loadSite asks the server once per page load; a failure leaves the defaults. */
export function loadSite(): Promise<Site | undefined> {
  loading ??= api.get<Site>('/site').then(
    (s) => (cached = s),
    () => undefined,
  );
  return loading;
}

/** useSite gives the site settings, or undefined until they have loaded. */
export function useSite(): Site | undefined {
  const [site, setSite] = useState(cached);
  useEffect(() => {
    if (!cached) void loadSite().then(setSite);
  }, []);
  return site;
}
