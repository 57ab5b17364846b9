// Typed calls for /people and /staff-groups.
import { api, queryString, type ID, type Role } from '../api';
import { roleLabels } from '../areas';

export interface Person {
  id: ID;
  email: string;
  name: string;
  organisation_id: ID | null;
  staff_group: string;
  job_role: string;
  role: Role | '';
  created_at: string;
}

export interface PersonInput {
  email: string;
  name: string;
  organisation_id: ID | null;
  staff_group: string;
  job_role: string;
  role: Role | '';
}

export interface PeopleFilters {
  q?: string;
  organisation_id?: string;
  staff_group?: string;
  role?: string;
  page?: number;
}

export interface PeoplePage {
  items: Person[];
  total: number;
  page: number;
  per_page: number;
}

export const perPage = 20;

export const listPeople = (f: PeopleFilters) =>
  api.get<PeoplePage>(`/people${queryString({ ...f, per_page: perPage })}`);
export const getPerson = (id: ID | string) => api.get<Person>(`/people/${id}`);
export const createPerson = (input: PersonInput) => api.post<Person>('/people', input);
export const updatePerson = (id: ID, input: PersonInput) => api.patch<Person>(`/people/${id}`, input);
export const listStaffGroups = () => api.get<string[]>('/staff-groups');

/** personRoleLabels names the roles a person can have; "" is no staff role. */
export const personRoleLabels: Record<Role | '', string> = { '': 'None (takes part only)', ...roleLabels };
