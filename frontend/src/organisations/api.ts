// Typed calls for /organisations.
import { api, type ID } from '../api';

export type OrganisationKind =
  | 'icb'
  | 'acute'
  | 'community'
  | 'mental_health'
  | 'ambulance'
  | 'primary_care'
  | 'local_authority'
  | 'voluntary'
  | 'other';

export interface Organisation {
  id: ID;
  name: string;
  code: string;
  kind: OrganisationKind;
  email_domains: string[];
  created_at: string;
  updated_at: string;
}

export interface OrganisationInput {
  name: string;
  code: string;
  kind: OrganisationKind | '';
  email_domains: string[];
}

/** kindLabels names each kind of organisation, in the order forms offer them. */
export const kindLabels: Record<OrganisationKind, string> = {
  icb: 'Integrated care board',
  acute: 'Acute trust',
  community: 'Community trust',
  mental_health: 'Mental health trust',
  ambulance: 'Ambulance trust',
  primary_care: 'Primary care',
  local_authority: 'Local authority',
  voluntary: 'Voluntary, community or social enterprise',
  other: 'Other',
};

export const listOrganisations = () => api.get<Organisation[]>('/organisations');
export const getOrganisation = (id: ID | string) => api.get<Organisation>(`/organisations/${id}`);
export const createOrganisation = (input: OrganisationInput) => api.post<Organisation>('/organisations', input);
export const updateOrganisation = (id: ID, input: OrganisationInput) =>
  api.patch<Organisation>(`/organisations/${id}`, input);
export const deleteOrganisation = (id: ID) => api.del(`/organisations/${id}`);

/** parseDomains splits "nhs.net, example.nhs.uk" into clean, unique domains. */
export function parseDomains(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[\s,;]+/)) {
    const d = part.trim().toLowerCase().replace(/^@/, '');
    if (d) seen.add(d);
  }
  return [...seen];
}
