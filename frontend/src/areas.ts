// areas.ts lists the parts of Confer a signed-in person can go to, and who may
// use each, so the header navigation and the home page always agree. A new
// area adds one entry here and its routes in app.tsx.
import type { Role } from './api';

export interface Area {
  href: string;
  label: string;
  description: string;
  roles: readonly Role[];
}

const everyone: readonly Role[] = ['admin', 'comms', 'facilitator'];

export const areas: readonly Area[] = [
  {
    href: '/organisations',
    label: 'Organisations',
    description: 'Add and change the organisations in your integrated care system.',
    roles: ['admin'],
  },
  {
    href: '/people',
    label: 'People',
    description: 'Find, add and change the people Confer knows about, and their roles.',
    roles: ['admin'],
  },
  {
    href: '/coverage',
    label: 'Coverage',
    description: 'See who has been heard and who has not, close the gaps, and produce the evidence pack.',
    roles: everyone,
  },
  {
    href: '/tokens',
    label: 'API tokens',
    description: 'Create and revoke tokens for scripts that use the Confer API.',
    roles: everyone,
  },
  {
    href: '/outbox',
    label: 'Outbox',
    description: 'Read the emails Confer has sent or would have sent.',
    roles: ['admin'],
  },
];

/** areasFor lists the areas a role may use, in menu order. */
export function areasFor(role: Role | undefined): Area[] {
  return role ? areas.filter((a) => a.roles.includes(role)) : [];
}
