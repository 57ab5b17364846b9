import { describe, expect, it } from 'vitest';
import { records } from './keepsApi';

describe('records', () => {
  it('says counts of records in words, with the right plural', () => {
    expect(records(0)).toBe('No records');
    expect(records(1)).toBe('1 record');
    expect(records(2)).toBe('2 records');
    expect(records(12345)).toBe('12,345 records');
  });
});
