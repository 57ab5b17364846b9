import { describe, expect, it } from 'vitest';
import { londonToUTC } from './time';

describe('londonToUTC', () => {
  it('reads winter times as GMT and summer times as BST', () => {
    expect(londonToUTC('2026-01-15', '09:30')).toBe('2026-01-15T09:30:00Z');
    expect(londonToUTC('2026-07-01', '09:30')).toBe('2026-07-01T08:30:00Z');
  });
  it('refuses impossible dates and times', () => {
    expect(londonToUTC('2026-02-30', '09:00')).toBeNull();
    expect(londonToUTC('2026-02-01', '24:00')).toBeNull();
    expect(londonToUTC('tomorrow', '09:00')).toBeNull();
  });
});
