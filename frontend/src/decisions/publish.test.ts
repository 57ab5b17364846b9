import { describe, expect, it } from 'vitest';
import type { DecisionLink } from './api';
import { notifiedWords, toldWords } from './Publish';

const link = (kind: DecisionLink['kind']): DecisionLink => ({ id: 1, kind, target_id: 1, label: '', url: null });

describe('toldWords', () => {
  it('tells nobody when nothing is linked', () => {
    expect(toldWords({ links: [] })).toEqual([]);
    expect(toldWords({})).toEqual([]);
  });
  it('names who hears for what is linked, and only them', () => {
    const posts = toldWords({ links: [link('post')] });
    expect(posts.join(' ')).toMatch(/one email/);
    expect(posts.join(' ')).toMatch(/follow-up page/);
    expect(posts.join(' ')).not.toMatch(/workshop|booked/);
    expect(toldWords({ links: [link('session')] })).toEqual(['people booked on a linked session who asked to hear get an email']);
  });
});

describe('notifiedWords', () => {
  it('says how many are emailed, with the right plural', () => {
    expect(notifiedWords(undefined)).toBe('');
    expect(notifiedWords(0)).toMatch(/no emails/);
    expect(notifiedWords(1)).toBe('An email is on its way to 1 person.');
    expect(notifiedWords(3)).toBe('An email is on its way to 3 people.');
  });
});
