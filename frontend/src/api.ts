// api.ts is the one client for Confer's JSON API (/api/v1). It sends the
// session's CSRF token on every state-changing request and turns error bodies
// ({"error": "...", "field": "..."}) into ApiError, so pages never parse
// responses themselves. Area folders wrap it with typed functions.

export type ID = number;
// Role is declared in areas.ts, with who may use what.
import type { Role } from './areas';
export type { Role };

export interface OrganisationRef {
  id: ID;
  name: string;
  code: string;
}

/** Me is the signed-in person, as GET /me returns them. */
export interface Me {
  id: ID;
  email: string;
  name: string;
  role: Role;
  organisation_id: ID | null;
  organisation: OrganisationRef | null;
  staff_group: string;
  job_role: string;
  auth: 'session' | 'token';
  csrf_token: string;
}

/** ApiError is a failed request: its HTTP status (0 when the network failed),
 * a message fit to show a person, and the request field it is about, if any. */
export class ApiError extends Error {
  readonly status: number;
  readonly field?: string;

  constructor(status: number, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
  }
}

const fallbackMessages: Record<number, string> = {
  400: 'The request was not valid',
  401: 'You need to sign in',
  403: 'You do not have permission to do that',
  404: 'Not found',
  409: 'That conflicts with something that already exists',
  413: 'That is too large',
  422: 'Check the details you entered',
  429: 'Too many requests. Wait a minute and try again',
};

// sentenceCase starts a server message with a capital, as the NHS style guide
// expects of error messages ("code already in use" → "Code already in use").
const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** errorFromResponse reads an error body, keeping the server's message and
 * field when they are there and falling back to a plain message by status. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const obj = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const message =
    typeof obj.error === 'string' && obj.error.trim() !== ''
      ? sentenceCase(obj.error.trim())
      : (fallbackMessages[res.status] ??
        (res.status >= 500 ? 'Something went wrong. Try again later' : `Request failed (${res.status})`));
  const field = typeof obj.field === 'string' && obj.field !== '' ? obj.field : undefined;
  return new ApiError(res.status, message, field);
}

// csrfToken is undefined until /me has been asked, null when nobody is signed in.
let csrfToken: string | null | undefined;

/** setCsrfToken remembers the session's CSRF token (from /me or sign-in), or
 * null after sign-out; undefined makes the next unsafe request ask /me again. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token;
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** request sends one API call and returns its parsed JSON body (undefined for 204). */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (unsafe.has(method)) {
    if (csrfToken === undefined) await getMe().catch(() => null);
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'Could not reach Confer. Check your connection and try again');
  }
  if (!res.ok) throw await errorFromResponse(res);
  const text = res.status === 204 ? '' : await res.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: (path: string) => request<void>('DELETE', path),
};

/** getMe returns the signed-in person, or null when nobody is signed in. It
 * asks /session, which answers a visitor with {"me": null} rather than /me's
 * 401, so no public page logs an error. */
export async function getMe(): Promise<Me | null> {
  const { me } = await request<{ me: Me | null }>('GET', '/session');
  setCsrfToken(me ? me.csrf_token : null);
  return me;
}

/** queryString builds "?a=1&b=x" from the values that are set, for list filters. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
