// Typed calls for /tokens: a person's own API tokens.
import { api, type ID } from '../api';

export interface ApiToken {
  id: ID;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** NewToken is returned once, on creation: the only time the secret is shown. */
export interface NewToken {
  id: ID;
  name: string;
  prefix: string;
  token: string;
}

export const listTokens = () => api.get<ApiToken[]>('/tokens');
export const createToken = (name: string) => api.post<NewToken>('/tokens', { name });
export const revokeToken = (id: ID) => api.del(`/tokens/${id}`);
