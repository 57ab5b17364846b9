import { describe, expect, it } from 'vitest';
import type { Slot } from './api';
import { londonFields, releaseWhen } from './londonTime';
import { heldFor, onlyHeldLeft, orList, placesSentence, ruleSentence } from './reserved';

const names = new Map([
  [1, 'North Moor Community Health NHS FT'],
  [2, 'Moorside General Hospital'],
]);
const until = '2026-12-01T09:00:00Z';
const nurses = { seats: 4, remaining: 4, until, organisation_ids: [1], staff_groups: ['Nursing and Midwifery Registered'] };
const slot: Slot = {
  id: 7,
  session_id: 3,
  starts_at: '2026-12-08T09:30:00Z',
  ends_at: '2026-12-08T10:15:00Z',
  capacity: 10,
  confirmed: 4,
  remaining: 6,
  waitlisted: 0,
  cancelled: false,
  open_remaining: 2,
  reserved: nurses,
};

describe('orList', () => {
  it('joins one, two and more names', () => {
    expect(orList(['A'])).toBe('A');
    expect(orList(['A', 'B'])).toBe('A or B');
    expect(orList(['A', 'B', 'C'])).toBe('A, B or C');
  });
});

describe('heldFor', () => {
  it('names staff groups and organisations, both of which a person must match', () => {
    expect(heldFor(nurses, names)).toBe(
      'people in the Nursing and Midwifery Registered staff group at North Moor Community Health NHS FT',
    );
  });
  it('names either list alone', () => {
    expect(heldFor({ organisation_ids: [], staff_groups: ['Students', 'Other'] }, names)).toBe('people in the Students or Other staff groups');
    expect(heldFor({ organisation_ids: [2, 1], staff_groups: [] }, names)).toBe(
      'people at Moorside General Hospital or North Moor Community Health NHS FT',
    );
  });
  it('falls back to the id of an organisation it has no name for', () => {
    expect(heldFor({ organisation_ids: [9], staff_groups: [] }, names)).toBe('people at organisation 9');
  });
});

describe('placesSentence', () => {
  it('says only the count when nothing is held', () => {
    expect(placesSentence({ ...slot, reserved: null, open_remaining: 6 }, names)).toBe('6 of 10 places left');
  });
  it('says how many of the places left are held, for whom and until when', () => {
    expect(placesSentence(slot, names)).toBe(
      '6 of 10 places left. 4 of them are held for people in the Nursing and Midwifery Registered staff group at ' +
        'North Moor Community Health NHS FT until Tuesday 1 December 2026 at 9am, then open to everyone.',
    );
    expect(placesSentence({ ...slot, reserved: { ...nurses, remaining: 1 }, open_remaining: 5 }, names)).toMatch(
      /^6 of 10 places left\. 1 of them is held for /,
    );
  });
  it('says when only people who qualify can book now, and offers others the waiting list', () => {
    const s = { ...slot, remaining: 2, open_remaining: 0, reserved: { ...nurses, remaining: 2 } };
    expect(onlyHeldLeft(s)).toBe(true);
    expect(placesSentence(s, names)).toBe(
      '2 of 10 places left. Both are held for people in the Nursing and Midwifery Registered staff group at ' +
        'North Moor Community Health NHS FT until Tuesday 1 December 2026 at 9am. ' +
        'Until then only they can book; anyone else can join the waiting list.',
    );
    expect(placesSentence({ ...s, remaining: 1, reserved: { ...nurses, remaining: 1 } }, names)).toMatch(/^1 of 10 places left\. It is held/);
  });
  it('says nothing of held places once they are all taken', () => {
    const s = { ...slot, open_remaining: 6, reserved: { ...nurses, remaining: 0 } };
    expect(onlyHeldLeft(s)).toBe(false);
    expect(placesSentence(s, names)).toBe('6 of 10 places left');
  });
});

describe('ruleSentence', () => {
  const rule = { reserved_share: 40, reserved_until: until, reserved_organisation_ids: [], reserved_staff_groups: ['Medical and Dental'] };
  it('describes a reservation before and after its release', () => {
    expect(ruleSentence(rule, names, new Date('2026-11-01T00:00:00Z'))).toBe(
      "40% of each time's places (rounded down) are held for people in the Medical and Dental staff group until Tuesday 1 December 2026 at 9am, then open to everyone.",
    );
    expect(ruleSentence(rule, names, new Date('2026-12-02T00:00:00Z'))).toMatch(/were held .* They are now open to everyone\.$/);
  });
  it('says when nothing is held', () => {
    expect(ruleSentence({ ...rule, reserved_share: 0, reserved_until: null }, names)).toBe('No places are held back.');
  });
});

describe('releaseWhen and londonFields', () => {
  it('show and split London time across daylight saving', () => {
    expect(releaseWhen('2026-07-01T08:00:00Z')).toBe('Wednesday 1 July 2026 at 9am');
    expect(londonFields('2026-07-01T08:00:00Z')).toEqual({ date: '2026-07-01', time: '09:00' });
    expect(londonFields('2026-12-01T09:00:00Z')).toEqual({ date: '2026-12-01', time: '09:00' });
    expect(londonFields(null)).toEqual({ date: '', time: '' });
  });
});
