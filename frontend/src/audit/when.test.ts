import { describe, expect, it } from 'vitest';
import { parseObject } from './api';
import { auditWhen } from './when';

describe('auditWhen', () => {
  it('writes London time in the house style', () => {
    expect(auditWhen('2026-12-07T14:30:00Z')).toBe('Monday 7 December 2026, 2:30pm');
    expect(auditWhen('2026-07-06T11:00:00Z')).toBe('Monday 6 July 2026, midday');
    expect(auditWhen('2026-12-07T00:00:00Z')).toBe('Monday 7 December 2026, midnight');
    expect(auditWhen('2026-12-07T09:05:00Z')).toBe('Monday 7 December 2026, 9:05am');
  });
});

describe('parseObject', () => {
  it('reads a kind and a number in either order', () => {
    expect(parseObject('Campaign 12')).toEqual({ object_kind: 'campaign', object_id: '12' });
    expect(parseObject('12')).toEqual({ object_id: '12' });
    expect(parseObject(' person ')).toEqual({ object_kind: 'person' });
  });
});
