import { describe, expect, it } from 'vitest';
import { unanswered, validateBooking } from './BookingForm';
import { ApiError } from '../api';
import { validateSession } from './SessionForm';
import { readReservation } from './ReservePlaces';
import { readAccess } from './SessionAccess';

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
  reserved_share: 0,
  reserved_until: null,
  reserved_organisation_ids: [],
  reserved_staff_groups: [],
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

describe('readReservation', () => {
  const now = new Date('2026-11-01T12:00:00Z');
  const draft = { share: '40', date: '2026-12-01', time: '09:00', orgIds: [], groups: ['Medical and Dental'] };
  it('sends the release time in UTC, read as London time', () => {
    expect(readReservation({ ...draft, date: '2026-11-30', orgIds: ['3'] }, now)).toEqual({
      rule: { reserved_share: 40, reserved_until: '2026-11-30T09:00:00Z', reserved_organisation_ids: [3], reserved_staff_groups: ['Medical and Dental'] },
      errors: [],
    });
  });
  it('sends no reservation for a share of 0 or blank', () => {
    for (const share of ['0', ' ']) {
      expect(readReservation({ ...draft, share, date: '' }, now)).toEqual({
        rule: { reserved_share: 0, reserved_until: null, reserved_organisation_ids: [], reserved_staff_groups: [] },
        errors: [],
      });
    }
  });
  it('names each field at fault with the ids the API uses', () => {
    expect(readReservation({ ...draft, share: '95' }, now).errors.map((e) => e.field)).toEqual(['reserved_share']);
    expect(readReservation({ ...draft, share: '4.5' }, now).errors.map((e) => e.field)).toEqual(['reserved_share']);
    const fields = (d: Partial<typeof draft>) => readReservation({ ...draft, ...d }, now).errors.map((e) => e.field);
    expect(fields({ date: '', time: '' })).toEqual(['reserved_until', 'reserved_until_time']);
    expect(fields({ date: '2026-02-31' })).toEqual(['reserved_until']);
    expect(fields({ date: '2026-10-01' })).toEqual(['reserved_until']);
    expect(fields({ groups: [] })).toEqual(['reserved_organisation_ids']);
  });
});

describe('readAccess', () => {
  it('sends confirm to keep, the hours and co-facilitators as numbers', () => {
    const r = readAccess({ confirmToKeep: true, hours: ' 6 ', facilitatorIds: ['4', '9'] });
    expect(r.errors).toEqual([]);
    expect(r.input).toEqual({ confirm_to_keep: true, confirm_within_hours: 6, facilitator_ids: [4, 9] });
  });
  it('refuses hours that are not 1 to 168', () => {
    for (const hours of ['0', '169', '1.5', 'a day', '']) {
      expect(readAccess({ confirmToKeep: true, hours, facilitatorIds: [] }).errors[0]?.field).toBe('confirm_within_hours');
    }
  });
});

describe('a booking that got no answer', () => {
  it('is told apart from one Confer refused', () => {
    expect(unanswered(new ApiError(0, 'Network error'))).toBe(true);
    expect(unanswered(new ApiError(502, 'Bad gateway'))).toBe(true);
    expect(unanswered(new ApiError(504, 'Gateway timeout'))).toBe(true);
    expect(unanswered(new ApiError(409, 'You are already booked', 'email'))).toBe(false);
    expect(unanswered(new ApiError(500, 'Something went wrong'))).toBe(false);
    expect(unanswered(new Error('x'))).toBe(false);
  });
});
