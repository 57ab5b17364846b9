// Typed calls for /audit: the audit trail, newest first, filtered and paged by id.
import { api, queryString, type ID, type Role } from '../api';

export interface AuditEvent {
  id: number;
  at: string;
  actor: { id: ID; name: string; email: string } | null;
  actor_role: Role | '';
  action: string;
  object_kind: string;
  object_id: string;
  summary: string;
  has_subject: boolean;
  status: number;
  request_id: string;
}

export interface AuditPage {
  items: AuditEvent[];
  next_before: number | null;
  actions: string[];
}

/** AuditFilters are the page's query: what the API takes, as the address holds it. */
export interface AuditFilters {
  person?: string;
  action?: string;
  object_kind?: string;
  object_id?: string;
  from?: string;
  to?: string;
  before?: string;
}

export const auditQuery = (f: AuditFilters) => queryString({ ...f });

export const listAudit = (f: AuditFilters) => api.get<AuditPage>(`/audit${auditQuery(f)}`);

/** csvHref downloads the same rows (without the page cursor) as a spreadsheet. */
export const csvHref = (f: AuditFilters) => `/api/v1/audit.csv${auditQuery({ ...f, before: undefined })}`;

/** parseObject reads "campaign 12", "campaign" or "12" into a kind and an id. */
export function parseObject(text: string): { object_kind?: string; object_id?: string } {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const out: { object_kind?: string; object_id?: string } = {};
  for (const w of words) {
    if (/^\d+$/.test(w)) out.object_id = w;
    else out.object_kind = w;
  }
  return out;
}

/** objectText is the inverse of parseObject, for the filter box. */
export const objectText = (kind?: string, id?: string) => [kind, id].filter(Boolean).join(' ');
