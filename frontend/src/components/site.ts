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
let loading: Promise<Site> | undefined;

// fallback stands in when the settings cannot be read, so no page waits forever.
const fallback: Site = { programme: 'Confer', ics: '', mail: 'sendgrid' };

/** loadSite asks the server once per page load. */
export function loadSite(): Promise<Site> {
  loading ??= api.get<Site>('/site').then(
    (s) => (cached = s),
    () => (cached = fallback),
  );
  return loading;
}

/** useSite gives the site settings, or undefined until they have loaded. */
export function useSite(): Site | undefined {
  const [site, setSite] = useState(cached);
  // Always ask the shared promise: the settings may have arrived between the
  // first render and this effect.
  useEffect(() => {
    void loadSite().then(setSite);
  }, []);
  return site;
}
