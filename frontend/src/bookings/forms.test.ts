import { describe, expect, it } from 'vitest';
import { validateBooking } from './BookSlot';
import { validateSession } from './SessionForm';

const booking = { name: 'Ada', email: 'ada@trust.nhs.uk', organisation_id: null, staff_group: 'Other', job_role: 'Nurse', waitlist: false };
const session = {
  title: 'EPR',
  description: '',
  category: 'clinical' as const,
  format: 'virtual' as const,
  location: '',
  meeting_url: 'https://teams.example/x',
  organisation_ids: [],
  staff_groups: [],
  restrict_to_organisations: false,
};

describe('validateBooking', () => {
  it('accepts a complete booking', () => expect(validateBooking(booking)).toEqual([]));
  it('names each missing or malformed field', () => {
    const fields = validateBooking({ ...booking, name: ' ', email: 'ada.trust.nhs.uk', staff_group: '', job_role: '' }).map((e) => e.field);
    expect(fields).toEqual(['name', 'email', 'staff_group', 'job_role']);
  });
});

describe('validateSession', () => {
  it('accepts an online session with a link', () => expect(validateSession(session)).toEqual([]));
  it('needs a link online and a place in person', () => {
    expect(validateSession({ ...session, meeting_url: '' }).map((e) => e.field)).toEqual(['meeting_url']);
    expect(validateSession({ ...session, format: 'in_person' }).map((e) => e.field)).toEqual(['location']);
  });
  it('needs organisations to restrict to', () => {
    expect(validateSession({ ...session, restrict_to_organisations: true }).map((e) => e.field)).toEqual(['organisation_ids']);
  });
});
