import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from './time';

describe('formatDateTime', () => {
  it('shows UTC times in London summer time (BST)', () => {
    expect(formatDateTime('2025-07-01T13:05:00Z')).toBe('1 July 2025 at 14:05');
  });

  it('shows UTC times unchanged in winter (GMT)', () => {
    expect(formatDateTime('2025-01-15T09:30:00Z')).toBe('15 January 2025 at 09:30');
  });

  it('moves the date when London is past midnight', () => {
    expect(formatDate('2025-06-30T23:30:00Z')).toBe('1 July 2025');
  });

  it('gives an empty string for no time or a bad one', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a time')).toBe('');
  });
});
