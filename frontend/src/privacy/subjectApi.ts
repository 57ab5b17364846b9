// subjectApi.ts is the typed client for subject access and erasure
// (GET /privacy/subject, the zip export, POST /privacy/erase): admins only.
import { api, queryString } from '../api';

/** SubjectQuery names the person: an email address, or a follow-up link an anonymous poster gave. */
export type SubjectQuery = { email: string } | { follow: string };

/** FoundArea is one kind of record found: its rows as text, the first column the row's id. */
export interface FoundArea {
  key: string;
  title: string;
  count: number;
  columns: string[];
  rows: string[][];
  erasure: string;
}

export interface Findings {
  email: string;
  follow: boolean;
  total: number;
  counts: Record<string, number>;
  areas: FoundArea[];
  /** blocker says why erasing is refused (a team account with a role), or is empty. */
  blocker: string;
  /** warnings are what to know before erasing, such as places still held for them. */
  warnings: string[];
}

export interface Erased {
  key: string;
  title: string;
  count: number;
  erasure: string;
}

export interface EraseResult {
  removed: Erased[];
  total: number;
}

/** parseSubject reads what an admin typed: an address, or anything else as a follow-up link. */
export function parseSubject(text: string): SubjectQuery {
  const t = text.trim();
  return t.includes('@') && !t.includes('/') ? { email: t } : { follow: t };
}

export const findSubject = (q: SubjectQuery) => api.get<Findings>(`/privacy/subject${queryString(q)}`);

/** exportURL is the zip of everything found, downloaded by a plain link (the session cookie signs it). */
export const exportURL = (q: SubjectQuery) => `/api/v1/privacy/subject/export${queryString(q)}`;

export const eraseSubject = (q: SubjectQuery, reason: string) => api.post<EraseResult>('/privacy/erase', { ...q, reason });

/** records is "1 record" or "N records". */
export const records = (n: number) => (n === 1 ? '1 record' : `${n} records`);
