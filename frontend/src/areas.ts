// areas.ts lists the parts of Confer a signed-in person can go to, and who may
// use each, so the header navigation and the home page always agree. A new
// area adds one entry here and its routes in app.tsx. API tokens belong to the
// person, not a role's work: they sit in the header's account menu.
//
// The roles are declared here and nowhere else: the API types, the people
// pages and every page's RequireRole read them from this file.

/** roles are the staff roles, in the order menus list them. */
export const roles = ['admin', 'comms', 'facilitator'] as const;
export type Role = (typeof roles)[number];

/** roleLabels names each role as people see it. */
export const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  comms: 'Communications',
  facilitator: 'Facilitator',
};

/** access says who may use each part of Confer: the menu entries below and
 * the pages' RequireRole both read it, so they cannot disagree. */
export const access = {
  sessions: ['admin', 'facilitator'],
  workshops: ['admin', 'facilitator'],
  campaigns: ['admin', 'comms'],
  coverage: roles,
  feedback: roles,
  decisions: roles,
  /** go-live milestones and their training targets (issue 17) */
  milestones: roles,
  /** readiness pulses: the whole team reads them; the comms team (access.campaigns) makes and sends them */
  pulses: roles,
  readiness: roles,
  /** organisations, people, the outbox, the audit trail, feedback channels and coverage targets */
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export interface Area {
  href: string;
  label: string;
  description: string;
  roles: readonly Role[];
  /** menu false keeps an area off the header's menu, which must fit one row on a
   * ward PC; the home page still lists it. For pages opened now and then. */
  menu?: false;
}

export const areas: readonly Area[] = [
  {
    href: '/sessions',
    label: 'Engagement sessions',
    description: 'Publish sessions and times for staff to book, see rosters and mark attendance.',
    roles: access.sessions,
  },
  {
    href: '/organisations',
    label: 'Organisations',
    description: 'Add and change the organisations in your integrated care system.',
    roles: access.admin,
    // Set up once and changed now and then: it left the menu for Readiness (issue 17),
    // which must fit one row at 1366 wide. The home page still lists it.
    menu: false,
  },
  {
    href: '/people',
    label: 'People',
    description: 'Find, add and change the people Confer knows about, and their roles.',
    roles: access.admin,
  },
  {
    href: '/workshops',
    label: 'Workshops',
    description: 'Run live polls and audience questions in workshops, with a big-screen view.',
    roles: access.workshops,
  },
  {
    href: '/coverage',
    label: 'Coverage',
    description: 'See who has been heard and who has not, close the gaps, and produce the evidence pack.',
    roles: access.coverage,
  },
  {
    href: '/readiness',
    label: 'Readiness',
    description: 'See how ready each organisation is for go-live: training against target, how ready staff feel, and who to invite.',
    roles: access.readiness,
  },
  {
    href: '/feedback/triage',
    label: 'Feedback',
    description: 'Triage concerns, ideas and questions from the feedback channels, reply, and show what changed.',
    roles: access.feedback,
  },
  {
    href: '/campaigns',
    label: 'Campaigns',
    description: 'Email staff across organisations: contacts, approvals, sending and results.',
    roles: access.campaigns,
  },
  {
    href: '/decisions',
    label: 'Decisions',
    description: 'Record what the programme decided and what informed it, publish it, and tell the people who raised it.',
    roles: access.decisions,
  },
  {
    href: '/milestones',
    label: 'Go-live milestones',
    description: 'Set go-live dates and training targets per staff group, and see the training that moves with each date.',
    roles: access.milestones,
    menu: false,
  },
  {
    href: '/pulses',
    label: 'Readiness pulses',
    description: 'Ask staff how ready they feel for go-live, by email and through an open link, and see the trend by group.',
    roles: access.pulses,
    menu: false,
  },
  {
    href: '/outbox',
    label: 'Outbox',
    description: 'Read the emails Confer has sent or would have sent.',
    roles: access.admin,
    menu: false,
  },
  {
    href: '/data-protection',
    label: 'What Confer keeps',
    description: 'See how long each kind of personal data is kept, what is due for removal and what was last removed.',
    roles: access.admin,
    menu: false,
  },
  {
    href: '/data-protection/person',
    label: "Find a person's data",
    description: 'Answer a request to see, download or erase everything Confer holds about someone.',
    roles: access.admin,
    menu: false,
  },
  {
    href: '/audit',
    label: 'Audit trail',
    description: 'See who did what and when: every change, sign-in and download of personal data.',
    roles: access.admin,
    menu: false,
  },
];

/** publicAreas are the pages anyone can use without an account: the header's
 * menu when signed out, and the front door's links. */
export const publicAreas: readonly { href: string; label: string }[] = [
  { href: '/book', label: 'Book a session' },
  { href: '/feedback', label: 'Have your say' },
  { href: '/join', label: 'Join a workshop' },
  { href: '/programme', label: 'The programme' },
  { href: '/you-said-we-did', label: 'You said, we did' },
  { href: '/decisions/register', label: 'Decisions' },
];

/** areasFor lists the areas a role may use, in menu order. */
export function areasFor(role: Role | undefined): Area[] {
  return role ? areas.filter((a) => a.roles.includes(role)) : [];
}
