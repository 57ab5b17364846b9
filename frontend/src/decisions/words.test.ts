import { describe, expect, it } from 'vitest';
import { calendarDay, countCell, countWords, feedLinks, linkSummary, todayInLondon, when } from './words';
import type { DecisionLink } from './api';

describe('countWords', () => {
  it('says a withheld count as fewer than 5, never as 0', () => {
    expect(countWords(null, 'contribution', 'contributions')).toBe('fewer than 5 contributions');
    expect(countCell(null)).toBe('fewer than 5');
    expect(countCell(null, 'fewer than 5')).toBe('fewer than 5');
  });
  it('says a count held back to protect a small one as not shown', () => {
    expect(countCell(null, 'not shown')).toBe('not shown');
    expect(countWords(null, 'answer', 'answers', 'not shown')).toBe('a number of answers we do not show');
  });
  it('uses the right plural for counts it can show', () => {
    expect(countWords(1, 'contribution', 'contributions')).toBe('1 contribution');
    expect(countWords(0, 'contribution', 'contributions')).toBe('0 contributions');
    expect(countWords(1234, 'vote', 'votes')).toBe('1,234 votes');
    expect(countCell(7)).toBe('7');
  });
});

describe('calendarDay', () => {
  it('reads a date the NHS way, on the same day in summer and winter', () => {
    expect(calendarDay('2026-12-07')).toBe('Monday 7 December 2026');
    expect(calendarDay('2026-06-30')).toBe('Tuesday 30 June 2026');
    expect(calendarDay('')).toBe('');
    expect(calendarDay('7/12/2026')).toBe('');
  });
  it('gives today in London, not UTC', () => {
    // 11:30pm UTC on 30 June is already 1 July in London (BST).
    expect(todayInLondon(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayInLondon(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});

describe('feedLinks', () => {
  it('names an RSS and an Atom feed for feed readers', () => {
    const links = feedLinks('Decisions');
    expect(links.map((l) => [l.type, l.href])).toEqual([
      ['application/rss+xml', '/api/v1/public/decisions.rss'],
      ['application/atom+xml', '/api/v1/public/decisions.atom'],
    ]);
    expect(links.every((l) => l.rel === 'alternate')).toBe(true);
  });
});

describe('linkSummary', () => {
  const link = (kind: DecisionLink['kind'], id: number): DecisionLink => ({ id, kind, target_id: id, label: '', url: '' });
  it('counts the linked things kind by kind', () => {
    expect(linkSummary({ links: [] })).toBe('nothing yet');
    expect(linkSummary({ links: [link('post', 1)] })).toBe('1 feedback post');
    expect(linkSummary({ links: [link('post', 1), link('poll', 2), link('post', 3)] })).toBe('2 feedback posts and 1 workshop poll');
    expect(linkSummary({ links: [link('post', 1), link('theme', 2), link('session', 3)] })).toBe(
      '1 feedback post, 1 theme and 1 engagement session',
    );
  });
});

describe('when', () => {
  it('says a time in London as the NHS writes it', () => {
    expect(when('2026-12-07T14:30:00Z')).toBe('Monday 7 December 2026 at 2:30pm');
    expect(when('2026-06-30T11:00:00Z')).toBe('Tuesday 30 June 2026 at midday');
    expect(when(null)).toBe('Not recorded');
  });
});
