import { describe, expect, it } from 'vitest';
import { londonToUTC, slotWhen } from './londonTime';

describe('londonToUTC', () => {
  it('reads winter times as GMT and summer times as BST', () => {
    expect(londonToUTC('2026-12-01', '09:30')).toBe('2026-12-01T09:30:00Z');
    expect(londonToUTC('2026-07-01', '09:30')).toBe('2026-07-01T08:30:00Z');
  });
  it('handles the days the clocks change', () => {
    expect(londonToUTC('2026-03-29', '12:00')).toBe('2026-03-29T11:00:00Z');
    expect(londonToUTC('2026-10-25', '12:00')).toBe('2026-10-25T12:00:00Z');
  });
  it('refuses what is not a date and time', () => {
    expect(londonToUTC('1/12/2026', '09:30')).toBeNull();
    expect(londonToUTC('2026-12-01', '9.30')).toBeNull();
  });
});

describe('slotWhen', () => {
  it('shows London time', () => {
    expect(slotWhen('2026-07-01T08:30:00Z', '2026-07-01T09:15:00Z')).toBe('Wednesday 1 July 2026, 09:30 to 10:15');
  });
});
