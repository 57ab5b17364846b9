// Typed calls for contacts and campaigns (/contacts, /campaigns).
import { api, ApiError, errorFromResponse, getMe, queryString, type ID } from '../api';

export type CampaignKind = 'newsletter' | 'notice';
export type CampaignStatus =
  | 'draft'
  | 'awaiting_approval'
  | 'returned'
  | 'approved'
  | 'scheduled'
  | 'sending'
  | 'paused'
  | 'sent'
  | 'cancelled';

export interface Audience {
  organisation_ids: ID[];
  staff_groups: string[];
  job_roles: string[];
}

export interface Stats {
  organisation_id?: ID | null;
  recipients: number;
  queued: number;
  sent: number;
  failed: number;
  unknown: number;
  unsettled: number;
  cancelled: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  unsubscribed: number;
  spam_reported: number;
  /** refused for now by the receiving server (a temporary block): not suppressed */
  blocked: number;
  /** refused by SendGrid for a reason on our side (see Campaign.problems): not suppressed */
  dropped: number;
  /** delayed by the receiving server; SendGrid is still retrying */
  deferred: number;
  /** opened by a mail app's privacy proxy (Apple Mail), not by a person */
  machine_opens: number;
  /** unsettled and never sent again: who a resend would send it to */
  resendable: number;
  /** sent again by a resend of the unsettled (once only), whatever became of them since */
  resent: number;
}

/** Problem is one reason SendGrid dropped emails that lies on our side, with what to do. */
export interface Problem {
  reason: string;
  recipients: number;
  advice: string;
}

/** Edit is who made one version of a campaign; they may not approve it. */
export interface Edit {
  version: number;
  editor_id: ID;
  editor_name: string;
  created_at: string;
}

export interface Decision {
  approver_id: ID;
  approver_name: string;
  organisation_id: ID | null;
  decision: 'approved' | 'returned';
  comment: string;
  version: number;
  withdrawn: boolean;
  created_at: string;
}

export interface Campaign {
  id: ID;
  name: string;
  subject: string;
  body_markdown: string;
  kind: CampaignKind;
  audience: Audience;
  status: CampaignStatus;
  version: number;
  author_id: ID;
  send_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  return_note: string;
  /** why the campaign did not start when sent or due (its audience grew into an organisation that has not approved it) */
  hold_reason: string;
  updated_at: string;
  recipients: number;
  stats: Stats;
  stats_by_organisation: Stats[];
  approval: {
    required: { organisation_id: ID | null; covered: boolean }[];
    complete: boolean;
    can_decide: boolean;
    decisions: Decision[];
  };
  failed_batches: { id: ID; recipients: number; error: string }[];
  problems: Problem[];
  edits: Edit[];
  /** people who opened (not privacy proxies), as a percentage of those delivered to; null before any delivery */
  open_rate: number | null;
  /** people who clicked a link, as a percentage of those delivered to; null before any delivery */
  click_rate: number | null;
  /** clicks per link, most clicked first */
  links: Link[];
  /** emails go to Confer's outbox: no email service is set up, so nothing reaches a mailbox */
  outbox: boolean;
  /** SendGrid's signed event webhook is set up, so Confer learns whom SendGrid took; without it a resend may reach some people twice */
  webhook_configured: boolean;
}

/** Link is one link in a campaign with its clicks and how many people clicked it. */
export interface Link {
  url: string;
  clicks: number;
  unique_clickers: number;
}

/** AudienceMember is one person a campaign reaches, to preview it as them. */
export interface AudienceMember {
  id: ID;
  name: string;
  email: string;
  organisation_id: ID | null;
  staff_group: string;
}

/** wentToOutbox says the campaign's emails went to Confer's outbox, not to a mail service:
 * none is set up, and no delivery was ever reported for it (a demo campaign has some). */
export const wentToOutbox = (c: Campaign) => c.outbox && c.stats.delivered === 0 && c.stats.opened === 0 && c.stats.bounced === 0;

/** edited says whether person made the campaign's current version or one it grew from. */
export const edited = (c: Campaign, person: ID | undefined) =>
  person !== undefined && (c.author_id === person || c.edits.some((e) => e.editor_id === person && e.version <= c.version));

export interface CampaignSummary {
  id: ID;
  name: string;
  subject: string;
  kind: CampaignKind;
  status: CampaignStatus;
  send_at: string | null;
  updated_at: string;
}

export interface CampaignInput {
  name: string;
  subject: string;
  body_markdown: string;
  kind: CampaignKind;
  audience: Audience;
}

export interface Contact {
  id: ID;
  email: string;
  name: string;
  organisation_id: ID | null;
  staff_group: string;
  job_role: string;
  unsubscribed_at: string | null;
  suppressed: string;
  /** left_at is when a re-import of their staff list no longer named them. */
  left_at: string | null;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  per_page: number;
}

export interface ImportResult {
  created: number;
  updated: number;
  rejected: { line: number; reason: string }[];
}

export interface ContactFilters {
  q?: string;
  organisation_id?: string;
  staff_group?: string;
  page?: number;
}

export const statusLabels: Record<CampaignStatus, string> = {
  draft: 'Draft',
  awaiting_approval: 'Awaiting approval',
  returned: 'Returned',
  approved: 'Approved',
  scheduled: 'Scheduled',
  sending: 'Sending',
  paused: 'Paused',
  sent: 'Sent',
  cancelled: 'Cancelled',
};

/** statusTagClass colours a status tag with the NHS tag colours. */
export const statusTagClass: Record<CampaignStatus, string> = {
  draft: 'nhsuk-tag--grey',
  awaiting_approval: 'nhsuk-tag--yellow',
  returned: 'nhsuk-tag--orange',
  approved: 'nhsuk-tag--green',
  scheduled: 'nhsuk-tag--purple',
  sending: 'nhsuk-tag--blue',
  paused: 'nhsuk-tag--orange',
  sent: 'nhsuk-tag--green',
  cancelled: 'nhsuk-tag--red',
};

export const kindLabels: Record<CampaignKind, string> = {
  newsletter: 'Newsletter',
  notice: 'Operational notice',
};

export const listContacts = (f: ContactFilters) => api.get<Paged<Contact>>(`/contacts${queryString({ ...f })}`);
export const countAudience = (kind: CampaignKind, audience: Audience) =>
  api.post<{ recipients: number }>('/contacts/count', { kind, audience });
export const listCampaigns = (page = 1) => api.get<Paged<CampaignSummary>>(`/campaigns${queryString({ page })}`);
export const getCampaign = (id: ID | string) => api.get<Campaign>(`/campaigns/${id}`);
export const createCampaign = (input: CampaignInput) => api.post<Campaign>('/campaigns', input);
export const updateCampaign = (id: ID, input: Partial<CampaignInput>) => api.patch<Campaign>(`/campaigns/${id}`, input);
export const getPreview = (id: ID, contactId?: ID) =>
  api.get<{ subject: string; text: string; html: string }>(`/campaigns/${id}/preview${queryString({ contact_id: contactId })}`);
/** listAudience finds people the campaign reaches (name or email containing q), by name. */
export const listAudience = (id: ID, q = '') => api.get<Paged<AudienceMember>>(`/campaigns/${id}/audience${queryString({ q, per_page: 50 })}`);

export type CampaignAction = 'submit' | 'approve' | 'return' | 'send' | 'pause' | 'resume' | 'cancel';
export const campaignAction = (id: ID, action: CampaignAction, body: object = {}) =>
  api.post<Campaign>(`/campaigns/${id}/${action}`, body);
/** resendUnsettled sends the campaign again, once, to the people SendGrid never confirmed. */
export const resendUnsettled = (id: ID) => api.post<Campaign>(`/campaigns/${id}/resend-unsettled`);
export const sendTest = (id: ID) => api.post<{ sent_to: string }>(`/campaigns/${id}/test`);

/** importContacts uploads a CSV staff list as the raw request body. */
export async function importContacts(file: File): Promise<ImportResult> {
  const me = await getMe();
  let res: Response;
  try {
    res = await fetch('/api/v1/contacts/import', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'text/csv', Accept: 'application/json', 'X-CSRF-Token': me?.csrf_token ?? '' },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'Could not reach Confer. Check your connection and try again');
  }
  if (!res.ok) throw await errorFromResponse(res);
  return (await res.json()) as ImportResult;
}

/** percent is the share of a in b, rounded down, for progress (never 100 until done). */
export function percent(a: number, b: number): number {
  if (b <= 0) return 0;
  return Math.min(100, Math.floor((a * 100) / b));
}

export interface Recipient {
  id: ID;
  email: string;
  name: string;
  organisation_id: ID | null;
  state: string;
  error: string;
}

export const listRecipients = (id: ID, state: string) =>
  api.get<Paged<Recipient>>(`/campaigns/${id}/recipients${queryString({ state, per_page: 100 })}`);
