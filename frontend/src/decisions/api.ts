// Typed calls for the decision register (issue 16): the programme team's
// decisions, what informed each (links to posts, themes, polls, questions and
// sessions), publishing, and the public register and its feeds.
import { api, queryString, type ID } from '../api';

export type DecisionStatus = 'proposed' | 'decided' | 'superseded';
export type LinkKind = 'post' | 'theme' | 'poll' | 'question' | 'session';

/** QuoteSource is where a quote comes from; "other" has no source_id. */
export type QuoteSource = 'post' | 'question' | 'poll' | 'session' | 'other';

export interface Quote {
  text: string;
  source_kind: QuoteSource;
  source_id: ID | null;
}

export interface DecisionLink {
  /** id is the link's own, on the team's view only (the public one has none). */
  id?: ID;
  kind: LinkKind;
  target_id: ID | string;
  label: string;
  /** url is where the linked thing can be seen, or null when it has no page. */
  url: string | null;
}

/** Count is a count as the public sees it: null when it is below 5 and so withheld. */
export type Count = number | null;

/** The *_text fields say a count in words: the number, "fewer than 5" or "not shown". */
export interface HeardPoll {
  poll_id: ID;
  question: string;
  kind: string;
  total: Count;
  total_text?: string;
  counts: Count[];
  counts_text?: string[];
  options: string[];
}

/** Heard is "what we heard": the contributions a decision links, counted. */
export interface Heard {
  contributions: Count;
  contributions_text?: string;
  /** organisation_id null: the contributor did not say. */
  by_organisation: { organisation_id: ID | null; name: string; count: Count; count_text?: string }[];
  /** staff_group "": the contributor did not say; name says it in words. */
  by_staff_group: { staff_group: string; name?: string; count: Count; count_text?: string }[];
  polls: HeardPoll[];
  quotes: Quote[];
}

export interface Decision {
  id: ID;
  title: string;
  question: string;
  options: string[];
  decided: string;
  rationale: string;
  decided_by: string;
  /** decided_on is a calendar date, "2026-12-07", not a time. */
  decided_on: string;
  status: DecisionStatus;
  superseded_by: ID | null;
  epr_ref: string;
  organisation_ids: ID[];
  themes: string[];
  quotes: Quote[];
  version: number;
  published_at: string | null;
  created_at?: string;
  updated_at: string;
  /** public_url is the public page once published (team view). */
  public_url?: string;
  /** url is the public page (public view). */
  url?: string;
  /** links, quotes and heard may be left out of lists and of a public decision with none. */
  links?: DecisionLink[];
  heard?: Heard | null;
  /** versions, on a public decision: when each version was made. */
  versions?: DecisionVersion[];
}

/** DecisionContent is a decision's own words and choices, as a version keeps them. */
export type DecisionContent = Pick<
  Decision,
  'title' | 'question' | 'options' | 'decided' | 'rationale' | 'decided_by' | 'decided_on' | 'status' | 'superseded_by' | 'epr_ref' | 'organisation_ids' | 'themes' | 'quotes'
>;

/** DecisionVersion is one kept version: on the team's view with what it said, who changed it and why. */
export interface DecisionVersion {
  version: number;
  changed_at: string;
  snapshot?: DecisionContent;
  changed_by?: string;
  note?: string;
}

/** DecisionInput is what the form sends; note says why a published decision changed. */
export type DecisionInput = DecisionContent & { note?: string };

export interface DecisionFilters {
  q?: string;
  theme?: string;
  organisation_id?: string;
  status?: string;
}

/** PublishResult is what publishing answers; the counts are there when the server gives them. */
export interface PublishResult extends Partial<Decision> {
  /** notified is how many people are being emailed. */
  notified?: number;
}

/** FollowDecision is a published decision that links an anonymous poster's post. */
export interface FollowDecision {
  id: ID;
  title: string;
  decided: string;
  published_at: string;
  url: string;
}

// Lists may come bare or wrapped in {items}: accept both.
const items = <T>(r: T[] | { items: T[] }): T[] => (Array.isArray(r) ? r : (r?.items ?? []));

/** perPage asks for the whole register on one page: it stays in the hundreds. */
const perPage = 100;

/** DecisionRef is a published decision as "you said, we did" links it. */
export interface DecisionRef {
  id: ID;
  title: string;
  url: string;
}

/** decisionsForPosts maps each public post (by id) to the published decisions it informed. */
export const decisionsForPosts = (postIDs: ID[]) =>
  postIDs.length === 0
    ? Promise.resolve({} as Record<string, DecisionRef[]>)
    : api.get<Record<string, DecisionRef[]>>(`/public/decisions-for-posts?post_ids=${postIDs.join(',')}`);

export const listDecisions = (f: DecisionFilters = {}) =>
  api.get<Decision[] | { items: Decision[] }>(`/decisions${queryString({ ...f, per_page: perPage })}`).then(items);
export const getDecision = (id: ID | string) => api.get<Decision>(`/decisions/${id}`);
export const createDecision = (input: DecisionInput) => api.post<Decision>('/decisions', input);
export const updateDecision = (id: ID, input: Partial<DecisionInput>) => api.patch<Decision>(`/decisions/${id}`, input);
export const listVersions = (id: ID | string) =>
  api.get<DecisionVersion[] | { items: DecisionVersion[] }>(`/decisions/${id}/versions`).then(items);
export const addLink = (id: ID, kind: LinkKind, target: ID | string) =>
  api.post<DecisionLink>(`/decisions/${id}/links`, { kind, id: target });
export const removeLink = (id: ID, linkId: ID) => api.del(`/decisions/${id}/links/${linkId}`);
export const publishDecision = (id: ID) => api.post<PublishResult>(`/decisions/${id}/publish`);

export const listPublicDecisions = (f: DecisionFilters = {}) =>
  api.get<Decision[] | { items: Decision[] }>(`/public/decisions${queryString({ ...f, per_page: perPage })}`).then(items);
export const getPublicDecision = (id: ID | string) => api.get<Decision>(`/public/decisions/${id}`);

export const followDecisions = (token: string) =>
  api.get<FollowDecision[] | { items: FollowDecision[] }>(`/follow/${encodeURIComponent(token)}/decisions`).then(items);
