import { describe, expect, it } from 'vitest';
import type { ProgrammeSession } from './api';
import { placesLeft } from './Programme';

const base: ProgrammeSession = {
  session_id: 1,
  slot_id: 2,
  title: 'Smartcards',
  description: '',
  category: 'technical',
  format: 'virtual',
  location: '',
  starts_at: '2026-12-01T09:30:00Z',
  ends_at: '2026-12-01T10:15:00Z',
  seats_left: 5,
  open_seats_left: 5,
  held_until: null,
};

describe('placesLeft', () => {
  it('counts the places left', () => {
    expect(placesLeft(base)).toBe('5 places left');
    expect(placesLeft({ ...base, seats_left: 1, open_seats_left: 1 })).toBe('1 place left');
  });
  it('says a full time has a waiting list', () => {
    expect(placesLeft({ ...base, seats_left: 0, open_seats_left: 0 })).toBe('Full: join the waiting list');
  });
  it('says how many are held back and until when, in London time', () => {
    expect(placesLeft({ ...base, open_seats_left: 2, held_until: '2026-11-30T09:00:00Z' })).toMatch(
      /^5 places left, 3 of them held for named organisations or staff groups until .*30.*09:00/,
    );
  });
});
