import { describe, expect, it } from 'vitest';
import { londonClock, plural, when } from './words';

describe('pulse words', () => {
  it('says closing times in London as the style guide writes them', () => {
    expect(when('2027-03-19T17:00:00Z')).toBe('5pm on Friday 19 March 2027');
    expect(when('2027-04-02T11:30:00Z')).toBe('12:30pm on Friday 2 April 2027');
    expect(when('2027-01-05T12:00:00Z')).toBe('midday on Tuesday 5 January 2027');
  });
  it('counts with the right plural', () => {
    expect(plural(1, 'answer')).toBe('1 answer');
    expect(plural(2, 'answer')).toBe('2 answers');
    expect(plural(1200, 'person', 'people')).toBe('1,200 people');
  });
});

describe('londonClock', () => {
  it('is the time of day in London, so a new pulse opens now', () => {
    expect(londonClock(new Date('2026-12-08T00:13:40Z'))).toBe('00:13');
    expect(londonClock(new Date('2027-06-01T08:05:00Z'))).toBe('09:05'); // British Summer Time
    expect(londonClock(new Date('2027-03-28T00:59:59Z'))).toBe('00:59');
  });
});
