import { describe, expect, it } from 'vitest';
import { londonToISO } from './schedule';

describe('londonToISO', () => {
  it('reads winter times as GMT and summer times as BST', () => {
    expect(londonToISO('2026-01-15', '09:30')).toBe('2026-01-15T09:30:00.000Z');
    expect(londonToISO('2026-07-01', '09:30')).toBe('2026-07-01T08:30:00.000Z');
  });
  it('refuses impossible dates and times', () => {
    expect(londonToISO('2026-02-30', '09:00')).toBeNull();
    expect(londonToISO('2026-02-01', '24:00')).toBeNull();
    expect(londonToISO('tomorrow', '09:00')).toBeNull();
  });
});
