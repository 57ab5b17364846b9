import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, errorFromResponse, getMe, queryString, setCsrfToken } from './api';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('errorFromResponse', () => {
  it('keeps the server message and field', async () => {
    const err = await errorFromResponse(json(409, { error: 'code already in use', field: 'code' }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(409);
    expect(err.message).toBe('Code already in use');
    expect(err.field).toBe('code');
  });

  it('has no field when the server names none', async () => {
    const err = await errorFromResponse(json(401, { error: 'sign in required' }));
    expect(err.message).toBe('Sign in required');
    expect(err.field).toBeUndefined();
  });

  it('falls back to a plain message for a body that is not JSON', async () => {
    const err = await errorFromResponse(new Response('<html>Bad Gateway</html>', { status: 502 }));
    expect(err.status).toBe(502);
    expect(err.message).toBe('Something went wrong. Try again later');
  });

  it('ignores an empty or wrongly typed error and field', async () => {
    const err = await errorFromResponse(json(403, { error: '', field: 7 }));
    expect(err.message).toBe('You do not have permission to do that');
    expect(err.field).toBeUndefined();
  });
});

describe('request', () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken(undefined);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('asks /session for the CSRF token before the first POST and sends it', async () => {
    fetchMock
      .mockResolvedValueOnce(json(200, { me: { id: 1, email: 'a@example.org', csrf_token: 'tok123' } }))
      .mockResolvedValueOnce(json(201, { id: 9 }));
    const out = await api.post<{ id: number }>('/organisations', { name: 'X' });
    expect(out).toEqual({ id: 9 });
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/session');
    const [url, init] = fetchMock.mock.calls[1];
    expect(url).toBe('/api/v1/organisations');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok123');
    expect(init?.body).toBe('{"name":"X"}');
  });

  it('sends no CSRF header on GET', async () => {
    setCsrfToken('tok');
    fetchMock.mockResolvedValueOnce(json(200, []));
    await api.get('/tokens');
    expect((fetchMock.mock.calls[0][1]?.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
  });

  it('returns undefined for 204 No Content', async () => {
    setCsrfToken('tok');
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await expect(api.del('/tokens/3')).resolves.toBeUndefined();
  });

  it('throws an ApiError with the field on a 4xx', async () => {
    setCsrfToken('tok');
    fetchMock.mockResolvedValueOnce(json(422, { error: 'enter a valid email address', field: 'email' }));
    const err = await api.post('/auth/signin', { email: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, field: 'email', message: 'Enter a valid email address' });
  });

  it('turns a network failure into status 0', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const err = await api.get('/me').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0 });
  });

  it('getMe gives null when signed out, and then sends no token', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { me: null }));
    expect(await getMe()).toBeNull();
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/session');
    fetchMock.mockResolvedValueOnce(json(202, { message: 'ok' }));
    await api.post('/auth/signin', { email: 'a@example.org' });
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect((fetchMock.mock.calls[1][1]?.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
  });
});

describe('queryString', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(queryString({ q: 'a b', page: 2, role: '', x: undefined, y: null })).toBe('?q=a+b&page=2');
    expect(queryString({})).toBe('');
  });
});
