import { describe, expect, it } from 'vitest';
import { clock, londonToUTC, shortWhen, slotWhen } from './londonTime';

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
    expect(slotWhen('2026-07-01T08:30:00Z', '2026-07-01T09:15:00Z')).toBe('Wednesday 1 July 2026, 9:30am to 10:15am');
    expect(shortWhen('2026-12-08T14:00:00Z', '2026-12-08T15:30:00Z')).toBe('Tuesday 8 December, 2pm to 3:30pm');
  });
});

describe('clock', () => {
  it('writes times as the NHS style guide does', () => {
    expect(clock('2026-12-08T12:00:00Z')).toBe('midday');
    expect(clock('2026-12-08T00:00:00Z')).toBe('midnight');
    expect(clock('2026-12-08T00:30:00Z')).toBe('12:30am');
    expect(clock('2026-12-08T09:05:00Z')).toBe('9:05am');
    expect(clock('2026-07-08T13:00:00Z')).toBe('2pm');
  });
});
