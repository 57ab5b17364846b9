import { describe, expect, it } from 'vitest';
import { compared, noun, plural } from './words';

describe('home words', () => {
  it('says counts plural-correct', () => {
    expect(plural(1, 'session')).toBe('1 session');
    expect(plural(2, 'session')).toBe('2 sessions');
    expect(plural(0, 'batch', 'batches')).toBe('0 batches');
    expect(plural(1200, 'post')).toBe('1,200 posts');
    expect(noun(1, 'campaign')).toBe('campaign');
    expect(noun(3, 'campaign')).toBe('campaigns');
  });
  it('compares gaps with a week ago', () => {
    expect(compared(5, 5)).toBe('The same as a week ago');
    expect(compared(3, 5)).toBe('2 fewer than a week ago');
    expect(compared(6, 5)).toBe('1 more than a week ago');
  });
});
