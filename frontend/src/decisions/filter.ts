// filter.ts narrows a list of decisions the way the team's list and the public
// register ask: words in the title, question, decision or reference; status;
// published or draft; theme; organisation. The server filters too where it
// can; filtering again here keeps the page right whatever it ignored.
import type { Decision } from './api';

export interface ListFilter {
  q?: string;
  status?: string;
  /** state is "published" or "draft". */
  state?: string;
  theme?: string;
  organisation_id?: string;
}

export function matches(d: Decision, f: ListFilter): boolean {
  const q = (f.q ?? '').trim().toLowerCase();
  if (q && ![d.title, d.question, d.decided, d.rationale, d.epr_ref, String(d.id)].some((s) => (s ?? '').toLowerCase().includes(q))) return false;
  if (f.status && d.status !== f.status) return false;
  if (f.state === 'published' && !d.published_at) return false;
  if (f.state === 'draft' && d.published_at) return false;
  if (f.theme && !d.themes.includes(f.theme)) return false;
  if (f.organisation_id && !d.organisation_ids.includes(Number(f.organisation_id))) return false;
  return true;
}

/** themesOf lists every theme the decisions carry, once each, in alphabetical order. */
export function themesOf(ds: Decision[]): string[] {
  return [...new Set(ds.flatMap((d) => d.themes))].sort((a, b) => a.localeCompare(b));
}
