import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Poll } from './api';
import { Results, resultRows } from './Results';
import { cloudLayout } from './WordCloud';

afterEach(cleanup);

const base: Poll = { id: 1, workshop_id: 1, position: 1, kind: 'single', question: 'Best day?', options: ['Mon', 'Tue'], state: 'open', revealed: true };

describe('Results', () => {
  it('writes every count as text and in a data table, so colour is not the only signal', () => {
    render(<Results poll={base} results={{ poll_id: 1, total: 3, counts: [1, 2] }} />);
    expect(screen.getByText('3 responses')).toBeTruthy();
    expect(screen.getByText('1 vote')).toBeTruthy();
    expect(screen.getByText('2 votes')).toBeTruthy();
    const rows = screen.getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual(['AnswerVotes', 'Mon1', 'Tue2']);
  });

  it('shows a scale with its labels and mean', () => {
    const poll: Poll = { ...base, kind: 'scale', options: [], min: 1, max: 3, min_label: 'Low', max_label: 'High' };
    render(<Results poll={poll} results={{ poll_id: 1, total: 2, counts: [0, 1, 1], mean: 2.5 }} />);
    expect(screen.getByText('2.5')).toBeTruthy();
    expect(screen.getAllByRole('row').map((r) => r.textContent)).toEqual(['AnswerVotes', '1 (Low)0', '21', '3 (High)1']);
  });

  it('shows word cloud words with their counts', () => {
    const poll: Poll = { ...base, kind: 'wordcloud', options: [] };
    render(<Results poll={poll} results={{ poll_id: 1, total: 3, counts: [], words: [{ text: 'busy', count: 2 }, { text: 'cold', count: 1 }] }} />);
    expect(screen.getAllByRole('row').map((r) => r.textContent)).toEqual(['WordVotes', 'busy2', 'cold1']);
  });

  it('scores a ranking in points with mean ranks', () => {
    const poll: Poll = { ...base, kind: 'ranking' };
    render(<Results poll={poll} results={{ poll_id: 1, total: 2, counts: [3, 1], mean_ranks: [1.5, 1.5] }} />);
    expect(screen.getByText('3 points')).toBeTruthy();
    expect(screen.getByText('3 points, mean rank 1.5')).toBeTruthy();
  });
});

describe('Results on the big screen', () => {
  const ranking: Poll = { ...base, kind: 'ranking', options: ['Beds', 'Staff', 'Transport', 'IT'] };

  it('lists a ranking best first, ties in the poll order, in the bars and the table', () => {
    render(<Results poll={ranking} results={{ poll_id: 1, total: 3, counts: [2, 8, 2, 7], mean_ranks: [3, 1.3, 3.3, 1.7] }} big />);
    const labels = [...document.querySelectorAll('.app-bars__label')].map((e) => e.textContent);
    expect(labels).toEqual(['Staff', 'IT', 'Beds', 'Transport']);
    expect([...document.querySelectorAll('.app-bars__count')].map((e) => e.textContent)).toEqual(['8 points', '7 points', '2 points', '2 points']);
    expect(screen.getAllByRole('row', { hidden: true }).map((r) => r.textContent)).toEqual([
      'AnswerScore',
      'Staff8 points, mean rank 1.3',
      'IT7 points, mean rank 1.7',
      'Beds2 points, mean rank 3.0',
      'Transport2 points, mean rank 3.3',
    ]);
  });

  it('keeps a choice poll in the order of its options', () => {
    expect(resultRows(base, { poll_id: 1, total: 3, counts: [1, 2] }).map((r) => r.label)).toEqual(['Mon', 'Tue']);
  });

  it('gives every row the same three cells, so the bars line up in fixed columns', () => {
    render(<Results poll={{ ...base, options: ['A very long option that wraps onto two lines', 'B'] }} results={{ poll_id: 1, total: 1200, counts: [1199, 1] }} big />);
    const rows = [...document.querySelectorAll('.app-bars__item')];
    expect(rows.map((r) => [...r.children].map((c) => c.className))).toEqual([
      ['app-bars__label', 'app-bars__track', 'app-bars__count'],
      ['app-bars__label', 'app-bars__track', 'app-bars__count'],
    ]);
    expect((document.querySelector('.app-bars') as HTMLElement).style.getPropertyValue('--rows')).toBe('2');
    expect(screen.getByText('1,199 votes')).toBeTruthy();
    // The bars are scaled to the largest count.
    const widths = [...document.querySelectorAll<HTMLElement>('.app-bars__bar')].map((b) => b.style.width);
    expect(widths[0]).toBe('100%');
    expect(parseFloat(widths[1])).toBeCloseTo(100 / 1199, 3);
  });

  it('hides the table on the big screen but keeps it for screen readers', () => {
    render(<Results poll={base} results={{ poll_id: 1, total: 3, counts: [1, 2] }} big />);
    expect(screen.getByRole('table').parentElement?.className).toBe('nhsuk-u-visually-hidden');
    expect(document.querySelector('.app-bars')?.getAttribute('aria-hidden')).toBe('true');
  });
});

describe('the word cloud', () => {
  const words = [
    { text: 'cold', count: 1 },
    { text: 'staffing', count: 16 },
    { text: 'beds', count: 4 },
    { text: 'rota', count: 9 },
    { text: 'flu', count: 1 },
  ];

  it('sizes words by frequency: area grows with the count, from 1em to 4em', () => {
    const sizes = Object.fromEntries(cloudLayout(words, 100).map((w) => [w.text, w.size]));
    expect(sizes.staffing).toBe(4);
    expect(sizes.rota).toBeCloseTo(3);
    expect(sizes.beds).toBeCloseTo(2);
    expect(sizes.cold).toBe(1);
    expect(sizes.flu).toBe(1);
  });

  it('puts the most given word in the middle and keeps only the top words', () => {
    const out = cloudLayout(words, 3).map((w) => w.text);
    expect(out).toEqual(['rota', 'staffing', 'beds']);
    expect(cloudLayout([], 10)).toEqual([]);
  });

  it('draws the words at their sizes, with the counts in the table', () => {
    const poll: Poll = { ...base, kind: 'wordcloud', options: [] };
    render(<Results poll={poll} results={{ poll_id: 1, total: 31, counts: [], words }} big />);
    const drawn = [...document.querySelectorAll<HTMLElement>('.app-wordcloud__word')];
    const size = (t: string) => parseFloat(drawn.find((d) => d.textContent === t)!.style.fontSize);
    expect(size('staffing')).toBeGreaterThan(size('rota'));
    expect(size('rota')).toBeGreaterThan(size('beds'));
    expect(size('beds')).toBeGreaterThan(size('cold'));
    expect(screen.getByRole('row', { name: 'staffing 16' })).toBeTruthy();
  });
});
